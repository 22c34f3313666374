using System.Text.Json;
using System.Text.Json.Serialization;

namespace Keel.Gates;

/// <summary>
/// Every gate's result for one candidate, the overall verdict and the candidate's (and the
/// champion's) holdout metrics. Stored as an artifact next to its HTML rendering; a failing report
/// blocks registration to Staging or Production.
/// </summary>
public sealed record GateReport
{
    public required string ModelName { get; init; }

    public required string ModelVersion { get; init; }

    public required ModelTask Task { get; init; }

    public required DateTimeOffset EvaluatedAt { get; init; }

    /// <summary>Pass when no gate failed (skipped gates do not count); never Skipped.</summary>
    public required GateVerdict Verdict { get; init; }

    /// <summary>The decision threshold of binary scores.</summary>
    public double Threshold { get; init; } = 0.5;

    public required IReadOnlyList<GateResult> Results { get; init; }

    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>The champion's metrics on the same holdout; null when there is no champion.</summary>
    public IReadOnlyDictionary<string, double>? ChampionMetrics { get; init; }

    public bool Passed => Verdict == GateVerdict.Pass;

    [JsonIgnore]
    public IReadOnlyList<GateResult> Failures => Results.Where(r => r.Verdict == GateVerdict.Fail).ToArray();

    /// <summary>
    /// Whether the report keeps the version out of <paramref name="stage"/>: a failed report blocks
    /// Staging and Production (MLflow's stage names, any case); other stages hold versions nobody serves.
    /// </summary>
    public bool BlocksStage(string stage) =>
        !Passed && (stage.Equals("Staging", StringComparison.OrdinalIgnoreCase) || stage.Equals("Production", StringComparison.OrdinalIgnoreCase));

    public GateResult? Result(string gate) => Results.FirstOrDefault(r => r.Gate == gate);

    public static GateVerdict Overall(IEnumerable<GateResult> results) =>
        results.Any(r => r.Verdict == GateVerdict.Fail) ? GateVerdict.Fail : GateVerdict.Pass;

    public string ToJson() => JsonSerializer.Serialize(this, GateJson.Options);

    public static GateReport FromJson(string json) =>
        JsonSerializer.Deserialize<GateReport>(json, GateJson.Options) ?? throw new JsonException("a gate report was expected, got null");
}
