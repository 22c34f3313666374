using System.Globalization;
using System.Text.Json;
using Keel.Events;
using Keel.Features.Definitions;

namespace Keel.Features.Records;

/// <summary>
/// Checks a record's values against its dataset schema and converts them to typed values.
/// Every problem is reported with the field it concerns, so a rejected record says exactly
/// what to fix.
/// </summary>
public static class DatasetRecordReader
{
    public const string ValuesPath = "data/values/";

    public static (Dictionary<string, object?> Values, List<EventProblem> Problems) Read(DatasetSchema schema, JsonElement values)
    {
        var result = new Dictionary<string, object?>(schema.Columns.Count, StringComparer.Ordinal);
        var problems = new List<EventProblem>();
        if (values.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new EventProblem("data/values", "must be a JSON object"));
            return (result, problems);
        }

        foreach (var property in values.EnumerateObject())
        {
            if (schema.Column(property.Name) is null)
            {
                problems.Add(new EventProblem(ValuesPath + property.Name, $"is not a column of dataset '{schema.Name}'"));
            }
        }

        foreach (var column in schema.Columns)
        {
            var field = ValuesPath + column.Name;
            if (!values.TryGetProperty(column.Name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                if (!column.Nullable)
                {
                    problems.Add(new EventProblem(field, "is required: the column is not nullable"));
                }
                result[column.Name] = null;
                continue;
            }
            if (TryConvert(column.Type, value, out var typed))
            {
                result[column.Name] = typed;
            }
            else
            {
                problems.Add(new EventProblem(field, $"must be {Describe(column.Type)}, was {Show(value)}"));
            }
        }
        return (result, problems);
    }

    public static bool TryConvert(FeatureType type, JsonElement value, out object? typed)
    {
        typed = null;
        switch (type)
        {
            case FeatureType.Int64 when value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var l):
                typed = l;
                return true;
            case FeatureType.Double when value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var d) && double.IsFinite(d):
                typed = d;
                return true;
            case FeatureType.String when value.ValueKind == JsonValueKind.String:
                typed = value.GetString();
                return true;
            case FeatureType.Bool when value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                typed = value.GetBoolean();
                return true;
            case FeatureType.Timestamp when value.ValueKind == JsonValueKind.String
                && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t):
                typed = t.ToUniversalTime();
                return true;
            default:
                return false;
        }
    }

    private static string Describe(FeatureType type) => type switch
    {
        FeatureType.Int64 => "an integer (int64)",
        FeatureType.Double => "a finite number (double)",
        FeatureType.String => "a string",
        FeatureType.Bool => "true or false (bool)",
        FeatureType.Timestamp => "an RFC 3339 timestamp string",
        _ => type.Name(),
    };

    private static string Show(JsonElement value)
    {
        var text = value.GetRawText();
        return text.Length > 40 ? text[..40] + "…" : text;
    }
}
