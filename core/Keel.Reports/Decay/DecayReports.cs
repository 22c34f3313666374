using Keel.Decay;
using Keel.Decay.Metrics;
using Keel.Decay.Storage;
using Keel.Decay.Tracking;
using Microsoft.Extensions.Options;

namespace Keel.Reports.Decay;

/// <summary>
/// Builds a version's decay report from the decay store: the live metrics of its labelled
/// predictions over the window (all kept, or those predicted within a duration), judged against
/// its registered holdout metrics with the model's margins, as decay tracking judges them.
/// </summary>
public sealed class DecayReports(
    SqliteDecayStore store,
    IDecayBaselines baselines,
    IOptions<DecayOptions> decay,
    IOptions<ReportOptions> options,
    TimeProvider time)
{
    private static readonly string[] MetricNames =
        [LiveMetrics.AccuracyName, LiveMetrics.PrecisionName, LiveMetrics.RecallName, LiveMetrics.AucName, LiveMetrics.BrierName, LiveMetrics.EceName];

    /// <param name="version">The version; null for the newest one with labelled predictions.</param>
    /// <exception cref="ArgumentException">The window is <c>latest</c>: labels have no windows, only durations.</exception>
    /// <exception cref="ReportNotFoundException">No labelled predictions for the model, or no such version.</exception>
    public async Task<ModelDecayReport> BuildAsync(string tenant, string model, int? version, ReportWindow window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(window);
        if (window.IsLatest)
        {
            throw new ArgumentException("window: a decay report covers all labelled predictions or a duration such as 7d, not the latest window");
        }
        var limits = options.Value;
        limits.Validate();
        var now = time.GetUtcNow();
        var number = version
            ?? await store.LatestLabelledVersionAsync(tenant, model, cancellationToken)
            ?? throw new ReportNotFoundException($"Model '{model}' has no labelled predictions.");
        var key = new VersionKey(tenant, model, number);
        var baseline = await baselines.GetAsync(tenant, model, number, cancellationToken);
        var since = window.Since(now);
        var labelled = await store.LabelledCountAsync(key, since, cancellationToken);
        if (baseline is null && labelled == 0)
        {
            throw new ReportNotFoundException($"Model '{model}' has no version {number} and no labelled predictions of one.");
        }
        var pairs = await store.WindowAsync(key, limits.MaxLabels, since, cancellationToken);
        var positive = new PositiveClass(baseline?.PositiveClass);
        var sample = new List<LabelledScore>(pairs.Count);
        foreach (var pair in pairs)
        {
            // Read as decay tracking reads it: a label the positive class cannot read measures nothing.
            if (positive.IsPositive(pair.LabelJson) is { } isPositive)
            {
                sample.Add(new LabelledScore(pair.Score, isPositive));
            }
        }
        var live = LiveMetrics.Compute(sample);
        var judging = decay.Value.For(model);
        var registered = baseline?.Metrics ?? new Dictionary<string, double>();
        var assessment = baseline is null ? new DecayAssessment(false, []) : DecayAssessment.Of(live, registered, judging);
        var outcomes = await store.LabelOutcomesAsync(tenant, cancellationToken);
        return new ModelDecayReport(
            tenant,
            model,
            number,
            new DecayReportWindow(window.Text, since, pairs.Count == 0 ? null : pairs.Min(p => p.PredictedAt), pairs.Count == 0 ? null : pairs.Max(p => p.PredictedAt), labelled > pairs.Count),
            now,
            !assessment.Judged ? DecayVerdict.NotJudged : assessment.IsDegraded ? DecayVerdict.Degraded : DecayVerdict.Ok,
            baseline is not null,
            baseline?.PositiveClass,
            labelled,
            sample.Count,
            pairs.Count - sample.Count,
            judging.MinimumLabels,
            [.. MetricNames.Select(name => Metric(name, live, registered, judging, assessment))],
            ReliabilityTable.Of(sample),
            new LabelOutcomeCounts(outcomes[LabelOutcome.Joined], outcomes[LabelOutcome.Waiting], outcomes[LabelOutcome.Expired], outcomes[LabelOutcome.Duplicate]));
    }

    private static MetricReport Metric(string name, LiveMetrics live, IReadOnlyDictionary<string, double> registered, DecayJudging judging, DecayAssessment assessment)
    {
        double? value = live.ByName().TryGetValue(name, out var v) ? v : null;
        double? baseline = registered.TryGetValue(name, out var r) && double.IsFinite(r) ? r : null;
        double? margin = judging.Margins.TryGetValue(name, out var m) ? m : null;
        var verdict = value is null || baseline is null || margin is null ? MetricVerdict.NotCompared
            : !assessment.Judged ? MetricVerdict.TooFewLabels
            : assessment.Degraded.Any(d => d.Metric == name) ? MetricVerdict.Degraded
            : MetricVerdict.Ok;
        return new MetricReport(name, value, baseline, margin, LiveMetrics.HigherIsBetter(name), verdict);
    }
}
