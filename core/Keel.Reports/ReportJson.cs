using System.Text.Json;
using System.Text.Json.Serialization;

namespace Keel.Reports;

/// <summary>
/// How reports are written as JSON: snake_case names and enum values, indented, every property
/// present (null when a value is undefined), so a consumer can rely on the shape.
/// </summary>
public static class ReportJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.General)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static string Serialize<T>(T report) => JsonSerializer.Serialize(report, Options);

    /// <summary>JSON has no infinity or NaN; an undefined or unbounded value is written as null.</summary>
    internal static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;
}
