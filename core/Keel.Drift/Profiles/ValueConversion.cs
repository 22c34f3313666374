using System.Globalization;
using System.Text.Json;

namespace Keel.Drift.Profiles;

/// <summary>
/// Reads a row's values (boxed CLR primitives, or JsonElement when rows come straight from JSON)
/// as the kind of their column; null means missing. A value that cannot be read throws and names
/// the column, so bad input is reported rather than silently profiled as missing.
/// </summary>
internal static class ValueConversion
{
    public static double? ToNumber(string column, object? value) => Unwrap(value) switch
    {
        null => null,
        double d => d,
        float f => f,
        long l => l,
        int i => i,
        short s => s,
        byte b => b,
        sbyte sb => sb,
        uint ui => ui,
        ulong ul => ul,
        ushort us => us,
        decimal m => (double)m,
        bool flag => flag ? 1 : 0,
        // Seconds since the Unix epoch, so a timestamp column has a mean and a spread in a unit people read.
        DateTimeOffset t => t.ToUnixTimeMilliseconds() / 1000.0,
        string s when s.Length == 0 => null,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
        var other => throw new FormatException($"column '{column}': {Describe(other)} is not a number"),
    };

    public static string? ToCategory(string column, object? value) => Unwrap(value) switch
    {
        null => null,
        string s => s,
        bool flag => flag ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToString("O", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        var other => throw new FormatException($"column '{column}': {Describe(other)} is not a category"),
    };

    public static bool? ToBinary(string column, object? value) => Unwrap(value) switch
    {
        null => null,
        bool flag => flag,
        string s when s.Length == 0 => null,
        string s when s.Equals("true", StringComparison.OrdinalIgnoreCase) || s == "1" => true,
        string s when s.Equals("false", StringComparison.OrdinalIgnoreCase) || s == "0" => false,
        string s => throw new FormatException($"column '{column}': '{s}' is not true/false/1/0"),
        var other => ToNumber(column, other) switch
        {
            1 => true,
            0 => false,
            var n => throw new FormatException($"column '{column}': {n} is not 0 or 1"),
        },
    };

    private static object? Unwrap(object? value) => value is JsonElement element
        ? element.ValueKind switch
        {
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            JsonValueKind.Number => element.GetDouble(),
            JsonValueKind.String => element.GetString(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new FormatException($"a JSON {element.ValueKind} cannot be profiled"),
        }
        : value;

    private static string Describe(object value) => $"{value} ({value.GetType().Name})";
}
