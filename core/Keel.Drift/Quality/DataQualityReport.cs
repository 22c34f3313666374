using System.Text.Json;
using System.Text.Json.Serialization;

namespace Keel.Drift.Quality;

/// <summary>The findings of comparing current data with the reference; it passes when there are none.</summary>
public sealed record DataQualityReport
{
    public required IReadOnlyList<DataQualityFinding> Findings { get; init; }

    [JsonIgnore]
    public bool Passed => Findings.Count == 0;

    public IEnumerable<DataQualityFinding> For(string feature) => Findings.Where(f => f.Feature == feature);

    public string ToJson() => JsonSerializer.Serialize(this, DriftJson.Options);

    public static DataQualityReport FromJson(string json) =>
        JsonSerializer.Deserialize<DataQualityReport>(json, DriftJson.Options) ?? throw new JsonException("a data quality report was expected, got null");
}
