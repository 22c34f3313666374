using Keel.Gates.Settings;

namespace Keel.Gates.Latency;

/// <summary>
/// The p95 of single-row CPU scorings, timed by the context's probe, must be within the budget.
/// Skipped with the reason when there is no probe (the model cannot be timed where the gates run).
/// </summary>
public sealed class LatencyGate : IValidationGate
{
    public const string GateName = "latency";

    public string Name => GateName;

    public void ValidateSettings(GateSettings settings) => LatencyOptions.Parse(settings);

    public async Task<GateResult> EvaluateAsync(GateContext context, CancellationToken cancellationToken)
    {
        var options = LatencyOptions.Parse(context.SettingsFor(Name));
        if (context.LatencyProbe is not { } probe)
        {
            return GateResult.Skipped(Name, "no latency probe: single-row scoring could not be timed here");
        }
        if (options.Warmup > 0)
        {
            await probe(options.Warmup, cancellationToken);
        }
        var timings = await probe(options.Samples, cancellationToken);
        if (timings.Count == 0 || timings.Any(t => t < TimeSpan.Zero))
        {
            var problem = timings.Count == 0 ? "returned no timings" : "returned a negative timing";
            return new GateResult
            {
                Gate = Name,
                Verdict = GateVerdict.Fail,
                Summary = $"the latency probe {problem}",
                Checks = [GateCheck.Fail("p95_ms", null, $"the latency probe {problem}")],
            };
        }
        var summary = LatencySummary.Of(timings, options.P95BudgetMs);
        var check = GateCheck.Compare("p95_ms", null, summary.P95Ms, Comparison.AtMost, options.P95BudgetMs,
            $"p95 of {summary.Samples} single-row scorings (ms):");
        return new GateResult
        {
            Gate = Name,
            Verdict = check.Verdict,
            Summary = check.Message,
            Checks = [check],
            Measurements = new Dictionary<string, double>
            {
                ["samples"] = summary.Samples,
                ["mean_ms"] = summary.MeanMs,
                ["p50_ms"] = summary.P50Ms,
                ["p95_ms"] = summary.P95Ms,
                ["p99_ms"] = summary.P99Ms,
                ["max_ms"] = summary.MaxMs,
            },
            Latency = summary,
        };
    }
}
