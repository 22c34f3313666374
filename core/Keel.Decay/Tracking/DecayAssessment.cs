using Keel.Decay.Metrics;

namespace Keel.Decay.Tracking;

/// <summary>A metric that fell further below its registered holdout value than its margin allows.</summary>
public sealed record DegradedMetric(string Metric, double Live, double Registered, double Margin);

/// <summary>
/// The verdict on a version's live metrics: <see cref="Judged"/> is false when there were too
/// few labels or nothing to compare; otherwise the version is degraded when any metric is.
/// </summary>
public sealed record DecayAssessment(bool Judged, IReadOnlyList<DegradedMetric> Degraded)
{
    public bool IsDegraded => Judged && Degraded.Count > 0;

    public static DecayAssessment Of(LiveMetrics live, IReadOnlyDictionary<string, double> registered, DecayJudging judging)
    {
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(registered);
        ArgumentNullException.ThrowIfNull(judging);
        if (live.Count < judging.MinimumLabels)
        {
            return new DecayAssessment(false, []);
        }
        var values = live.ByName();
        var compared = false;
        var degraded = new List<DegradedMetric>();
        foreach (var (metric, margin) in judging.Margins.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            if (!values.TryGetValue(metric, out var value) || !registered.TryGetValue(metric, out var baseline) || !double.IsFinite(baseline))
            {
                continue;
            }
            compared = true;
            var loss = LiveMetrics.HigherIsBetter(metric) ? baseline - value : value - baseline;
            if (loss > margin)
            {
                degraded.Add(new DegradedMetric(metric, value, baseline, margin));
            }
        }
        return new DecayAssessment(compared, degraded);
    }
}
