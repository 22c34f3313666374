using System.Text.Json;

namespace Keel.Governance;

/// <summary>
/// The JSON forms of a logged prediction's parts, read from the event and written to the index in the
/// event's own shape (<c>expected_value</c>, <c>contributions[].feature|value|contribution</c>, <c>method</c>).
/// </summary>
internal static class PredictionJson
{
    /// <summary>The members of a JSON object, each value detached from the document it came from.</summary>
    public static Dictionary<string, JsonElement> Members(JsonElement json) =>
        json.ValueKind == JsonValueKind.Object
            ? json.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal)
            : new Dictionary<string, JsonElement>(StringComparer.Ordinal);

    public static Dictionary<string, string> Strings(JsonElement json) =>
        Members(json).Where(p => p.Value.ValueKind == JsonValueKind.String).ToDictionary(p => p.Key, p => p.Value.GetString()!, StringComparer.Ordinal);

    /// <summary>The explanation, or null when there is none or it is not one (a prediction is still worth keeping without it).</summary>
    public static LoggedExplanation? Explanation(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object
            || !json.TryGetProperty("expected_value", out var expected) || !expected.TryGetDouble(out var expectedValue)
            || !json.TryGetProperty("method", out var method) || method.ValueKind != JsonValueKind.String
            || !json.TryGetProperty("contributions", out var contributions) || contributions.ValueKind != JsonValueKind.Array)
        {
            return null;
        }
        var read = new List<LoggedContribution>();
        foreach (var item in contributions.EnumerateArray())
        {
            if (!item.TryGetProperty("feature", out var feature) || feature.ValueKind != JsonValueKind.String
                || !item.TryGetProperty("contribution", out var contribution) || !contribution.TryGetDouble(out var value))
            {
                return null;
            }
            var featureValue = item.TryGetProperty("value", out var logged) ? logged.Clone() : Null;
            read.Add(new LoggedContribution(feature.GetString()!, featureValue, value));
        }
        return new LoggedExplanation(expectedValue, read, method.GetString()!);
    }

    public static string Write(LoggedExplanation explanation)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("expected_value", explanation.ExpectedValue);
            writer.WriteString("method", explanation.Method);
            writer.WriteStartArray("contributions");
            foreach (var contribution in explanation.Contributions)
            {
                writer.WriteStartObject();
                writer.WriteString("feature", contribution.Feature);
                writer.WritePropertyName("value");
                contribution.Value.WriteTo(writer);
                writer.WriteNumber("contribution", contribution.Contribution);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static string Write<T>(T value) => JsonSerializer.Serialize(value);

    public static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    public static JsonElement Null { get; } = Parse("null");
}
