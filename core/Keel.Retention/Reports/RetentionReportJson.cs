using System.Text.Json;
using System.Text.Json.Serialization;

namespace Keel.Retention.Reports;

/// <summary>The report as JSON in the shape of Keel's HTTP API: camelCase, enums as strings.</summary>
public static class RetentionReportJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = true,
    };

    public static string Serialize(RetentionReport report) => JsonSerializer.Serialize(report, Options);

    public static RetentionReport? Deserialize(string json) => JsonSerializer.Deserialize<RetentionReport>(json, Options);
}
