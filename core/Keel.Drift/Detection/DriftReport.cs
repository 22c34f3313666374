using System.Text.Json;

namespace Keel.Drift.Detection;

/// <summary>
/// Every feature's drift, the score's drift, and whether the dataset drifted: at least
/// <see cref="DatasetDriftShare"/> of the compared (not skipped) feature columns drifted. Score
/// drift is reported beside the features and does not count towards the share.
/// </summary>
public sealed record DriftReport
{
    public required IReadOnlyList<FeatureDrift> Features { get; init; }

    public FeatureDrift? Score { get; init; }

    public long ReferenceRows { get; init; }

    public long CurrentRows { get; init; }

    public int ComparedColumns { get; init; }

    public int DriftedColumns { get; init; }

    public double DriftShare { get; init; }

    public double DatasetDriftShare { get; init; }

    public bool DatasetDrift { get; init; }

    public FeatureDrift? Feature(string name) => Features.FirstOrDefault(f => f.Feature == name);

    public string ToJson() => JsonSerializer.Serialize(this, DriftJson.Options);

    public static DriftReport FromJson(string json) =>
        JsonSerializer.Deserialize<DriftReport>(json, DriftJson.Options) ?? throw new JsonException("a drift report was expected, got null");
}
