using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Keel.PredictionLog;

/// <summary>
/// Feature values and labels as the JSON scalars the event schemas allow: strings, numbers,
/// booleans and null. Timestamps become RFC 3339 UTC strings; NaN and infinities, which JSON
/// cannot carry, become null (a missing value), as a model's input would treat them.
/// </summary>
internal static class JsonValues
{
    public static JsonNode? From(object? value) => value switch
    {
        null => null,
        string text => JsonValue.Create(text),
        bool flag => JsonValue.Create(flag),
        double number => double.IsFinite(number) ? JsonValue.Create(number) : null,
        float number => float.IsFinite(number) ? JsonValue.Create(number) : null,
        decimal number => JsonValue.Create(number),
        int number => JsonValue.Create(number),
        long number => JsonValue.Create(number),
        short number => JsonValue.Create(number),
        byte number => JsonValue.Create(number),
        sbyte number => JsonValue.Create(number),
        ushort number => JsonValue.Create(number),
        uint number => JsonValue.Create(number),
        ulong number => JsonValue.Create(number),
        DateTime time => JsonValue.Create(Utc(time).ToString("O", CultureInfo.InvariantCulture)),
        DateTimeOffset time => JsonValue.Create(time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)),
        JsonElement element => From(element),
        JsonValue node => node.DeepClone(),
        IFormattable formattable => JsonValue.Create(formattable.ToString(null, CultureInfo.InvariantCulture)),
        _ => JsonValue.Create(value.ToString()),
    };

    private static JsonNode? From(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String or JsonValueKind.True or JsonValueKind.False => JsonValue.Create(element),
        JsonValueKind.Number => JsonValue.Create(element),
        JsonValueKind.Object or JsonValueKind.Array => JsonValue.Create(element.GetRawText()),
        _ => null,
    };

    // The stores hand out UTC; a time of unknown kind is taken as UTC rather than shifted by this machine's zone.
    private static DateTime Utc(DateTime time) =>
        time.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(time, DateTimeKind.Utc) : time.ToUniversalTime();
}
