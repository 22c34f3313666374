using System.Globalization;
using System.Text.Json;

namespace Keel.Decay.Tracking;

/// <summary>
/// Reads a feedback label as the positive class or not, by the rule training used for the
/// version (its spec's <c>positive_class</c>): a text label is positive when it equals the class;
/// a boolean is positive when true (or when it equals a "true"/"false" class); a number when it is 1
/// (or equals a numeric class). Null when the label cannot be read against the class.
/// </summary>
public sealed class PositiveClass(string? name)
{
    public string? Name { get; } = name;

    public bool? IsPositive(string labelJson)
    {
        using var document = JsonDocument.Parse(labelJson);
        var label = document.RootElement;
        return label.ValueKind switch
        {
            JsonValueKind.String => Text(label.GetString()!),
            JsonValueKind.True => Name is null ? true : bool.TryParse(Name, out var positive) ? positive : null,
            JsonValueKind.False => Name is null ? false : bool.TryParse(Name, out var positive) ? !positive : null,
            JsonValueKind.Number => Number(label.GetDouble()),
            _ => null,
        };
    }

    private bool? Text(string label)
    {
        if (Name is not null)
        {
            return string.Equals(label, Name, StringComparison.Ordinal);
        }
        // No class named: only a text label that spells a boolean or 0/1 can be read.
        return label switch
        {
            "true" or "1" => true,
            "false" or "0" => false,
            _ => null,
        };
    }

    private bool? Number(double label)
    {
        if (Name is null)
        {
            return label switch { 1 => true, 0 => false, _ => null };
        }
        return double.TryParse(Name, NumberStyles.Float, CultureInfo.InvariantCulture, out var target) ? label == target : null;
    }
}
