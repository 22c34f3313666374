using System.Collections;
using System.Globalization;
using System.Text.Json;

namespace Keel.Gates.Settings;

/// <summary>
/// Reads one setting value whatever deserialized the spec: CLR numbers and strings, YAML scalars
/// (which arrive as strings), System.Text.Json elements, lists and maps of any of those.
/// </summary>
public static class SettingValues
{
    public static bool IsNull(object? value) =>
        value is null || value is JsonElement { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined }
        || value is string s && (s.Trim() is "" or "~" or "null");

    public static double ToDouble(object? value, string path)
    {
        double? number = value switch
        {
            double d => d,
            float f => f,
            decimal m => (double)m,
            long or int or short or byte or sbyte or ushort or uint or ulong => Convert.ToDouble(value, CultureInfo.InvariantCulture),
            string s when double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
            JsonElement { ValueKind: JsonValueKind.Number } e => e.GetDouble(),
            JsonElement { ValueKind: JsonValueKind.String } e => double.TryParse(e.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : null,
            _ => null,
        };
        return number is { } n && double.IsFinite(n) ? n : throw new GateSettingsException($"{path}: expected a number, got {Describe(value)}");
    }

    public static int ToInt(object? value, string path)
    {
        var number = ToDouble(value, path);
        return number == Math.Floor(number) && number is >= int.MinValue and <= int.MaxValue
            ? (int)number
            : throw new GateSettingsException($"{path}: expected a whole number, got {Describe(value)}");
    }

    public static bool ToBool(object? value, string path) => value switch
    {
        bool b => b,
        string s when bool.TryParse(s.Trim(), out var parsed) => parsed,
        JsonElement { ValueKind: JsonValueKind.True } => true,
        JsonElement { ValueKind: JsonValueKind.False } => false,
        JsonElement { ValueKind: JsonValueKind.String } e when bool.TryParse(e.GetString(), out var parsed) => parsed,
        _ => throw new GateSettingsException($"{path}: expected true or false, got {Describe(value)}"),
    };

    public static string ToText(object? value, string path) => value switch
    {
        string s => s.Trim(),
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString()!.Trim(),
        _ => throw new GateSettingsException($"{path}: expected text, got {Describe(value)}"),
    };

    /// <summary>A list value, or null when the value is not a list.</summary>
    public static IReadOnlyList<object?>? AsList(object? value) => value switch
    {
        string => null,
        JsonElement { ValueKind: JsonValueKind.Array } e => e.EnumerateArray().Select(x => (object?)x).ToArray(),
        IDictionary => null,
        IEnumerable items => items.Cast<object?>().ToArray(),
        _ => null,
    };

    /// <summary>A map value with its keys as text, or null when the value is not a map.</summary>
    public static IReadOnlyDictionary<string, object?>? AsMap(object? value) => value switch
    {
        JsonElement { ValueKind: JsonValueKind.Object } e => e.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value, StringComparer.Ordinal),
        IReadOnlyDictionary<string, object?> map => map,
        // YAML deserializers hand out Dictionary<object, object>; any dictionary is read through the non-generic view.
        IDictionary map => map.Keys.Cast<object>().ToDictionary(
            key => Convert.ToString(key, CultureInfo.InvariantCulture) ?? "", key => map[key], StringComparer.Ordinal),
        _ => null,
    };

    public static string Describe(object? value) => value switch
    {
        null => "nothing",
        string s => $"'{s}'",
        JsonElement e => e.ValueKind == JsonValueKind.String ? $"'{e.GetString()}'" : e.GetRawText(),
        IDictionary or IReadOnlyDictionary<string, object?> => "a map",
        IEnumerable => "a list",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? value.GetType().Name,
    };
}
