using Keel.Gates.Settings;

namespace Keel.Gates.Latency;

/// <summary><c>gates.latency</c>: how many single-row scorings to time, how many to discard first, and the p95 budget.</summary>
public sealed record LatencyOptions
{
    public const string SamplesKey = "samples";
    public const string WarmupKey = "warmup";
    public const string P95BudgetMsKey = "p95_budget_ms";

    public int Samples { get; init; } = 200;

    /// <summary>Scorings run and thrown away first, so JIT compilation and cold caches do not count against the model.</summary>
    public int Warmup { get; init; } = 20;

    public double P95BudgetMs { get; init; } = 5;

    public static LatencyOptions Parse(GateSettings settings)
    {
        settings.EnsureKnown(SamplesKey, WarmupKey, P95BudgetMsKey);
        var defaults = new LatencyOptions();
        return new LatencyOptions
        {
            Samples = settings.Integer(SamplesKey, defaults.Samples, 1, 100_000),
            Warmup = settings.Integer(WarmupKey, defaults.Warmup, 0, 100_000),
            P95BudgetMs = settings.Number(P95BudgetMsKey, defaults.P95BudgetMs, 1e-6),
        };
    }
}
