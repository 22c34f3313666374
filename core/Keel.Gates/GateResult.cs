using Keel.Gates.Bias;
using Keel.Gates.Latency;
using Keel.Gates.Metrics;
using Keel.Gates.Schema;

namespace Keel.Gates;

/// <summary>
/// What one gate found: its verdict, a one-line summary, each check with its measured value and
/// threshold, the values it measured, and the per-group, per-feature and chart data that the gate
/// kind produces (null for the kinds that do not).
/// </summary>
public sealed record GateResult
{
    public required string Gate { get; init; }

    public required GateVerdict Verdict { get; init; }

    public required string Summary { get; init; }

    public IReadOnlyList<GateCheck> Checks { get; init; } = [];

    /// <summary>Every value the gate measured, by name (<c>auc</c>, <c>champion_auc</c>, <c>p95_ms</c>).</summary>
    public IReadOnlyDictionary<string, double> Measurements { get; init; } = new Dictionary<string, double>();

    /// <summary>The candidate's ROC curve (binary performance).</summary>
    public RocCurve? Roc { get; init; }

    /// <summary>The champion's ROC curve on the same holdout, when there is a champion.</summary>
    public RocCurve? ChampionRoc { get; init; }

    /// <summary>Per protected attribute: the groups, their rates and the disparity measures (bias).</summary>
    public IReadOnlyList<AttributeFairness>? Fairness { get; init; }

    /// <summary>Feature by feature: the feature service's type against the model's (schema).</summary>
    public IReadOnlyList<SchemaComparison>? Schema { get; init; }

    public LatencySummary? Latency { get; init; }

    public static GateResult Skipped(string gate, string reason) =>
        new() { Gate = gate, Verdict = GateVerdict.Skipped, Summary = reason };

    /// <summary>Fail when any check failed; otherwise pass when any check passed; skipped when all were skipped (or there were none).</summary>
    public static GateVerdict Combine(IEnumerable<GateCheck> checks)
    {
        var verdicts = checks.Select(c => c.Verdict).ToArray();
        return verdicts.Contains(GateVerdict.Fail) ? GateVerdict.Fail
            : verdicts.Contains(GateVerdict.Pass) ? GateVerdict.Pass
            : GateVerdict.Skipped;
    }

    /// <summary>The failed checks' messages, or else the given summary of a pass, or else why everything was skipped.</summary>
    public static string Summarize(IReadOnlyList<GateCheck> checks, string passed)
    {
        var failed = checks.Where(c => c.Verdict == GateVerdict.Fail).Select(c => c.Message).ToArray();
        if (failed.Length > 0)
        {
            return string.Join("; ", failed);
        }
        return checks.Any(c => c.Verdict == GateVerdict.Pass)
            ? passed
            : string.Join("; ", checks.Select(c => c.Message).DefaultIfEmpty("nothing to check"));
    }
}
