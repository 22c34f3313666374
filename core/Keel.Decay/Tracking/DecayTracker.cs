using Keel.Decay.Metrics;
using Keel.Decay.Storage;
using Keel.Events;
using Keel.Events.Messaging;

namespace Keel.Decay.Tracking;

/// <summary>
/// Joins labels to predictions, measures each version's live quality over its latest labelled
/// predictions, and raises <c>dev.keel.decay.detected.v1</c> on <c>keel.alerts</c> when it falls
/// below the registered holdout metrics by more than the margin — once, until the version
/// recovers or the cool-down passes.
/// </summary>
public sealed class DecayTracker(
    SqliteDecayStore store,
    IDecayBaselines baselines,
    IEventPublisher publisher,
    DecayTelemetry telemetry,
    DecayOptions options,
    TimeProvider time)
{
    // The predictions and feedback consumers run side by side and may both re-measure a version:
    // one evaluation at a time, so the alert state each reads is the one the other wrote.
    private readonly SemaphoreSlim _evaluating = new(1, 1);
    private long _lastPruneTicks = long.MinValue;

    public SqliteDecayStore Store => store;

    public async Task ObserveAsync(IReadOnlyList<ObservedPrediction> predictions, IReadOnlyList<ObservedLabel> labels, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await PruneIfDueAsync(now, cancellationToken);
        var change = await store.ApplyAsync(predictions, labels, now, options, cancellationToken);
        telemetry.Labels(change.Labels);
        foreach (var key in change.Touched.OrderBy(k => k.Tenant, StringComparer.Ordinal).ThenBy(k => k.Model, StringComparer.Ordinal).ThenBy(k => k.Version))
        {
            await _evaluating.WaitAsync(cancellationToken);
            try
            {
                await EvaluateAsync(key, now, cancellationToken);
            }
            finally
            {
                _evaluating.Release();
            }
        }
    }

    /// <summary>Prunes now, whenever it last ran.</summary>
    public async Task PruneAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        telemetry.Labels(await store.PruneAsync(now, options.Horizon, cancellationToken));
        Interlocked.Exchange(ref _lastPruneTicks, now.UtcTicks);
    }

    private async Task PruneIfDueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (now.UtcTicks - Interlocked.Read(ref _lastPruneTicks) >= options.PruneInterval.Ticks)
        {
            await PruneAsync(cancellationToken);
        }
    }

    private async Task EvaluateAsync(VersionKey key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var judging = options.For(key.Model);
        var window = await store.WindowAsync(key, judging.WindowSize, now - judging.TimeWindow, cancellationToken);
        var baseline = await baselines.GetAsync(key.Tenant, key.Model, key.Version, cancellationToken);
        var positive = new PositiveClass(baseline?.PositiveClass);
        var sample = new List<LabelledScore>(window.Count);
        foreach (var prediction in window)
        {
            // A label the version's class cannot read (text with no positive class named) measures nothing.
            if (positive.IsPositive(prediction.LabelJson) is { } isPositive)
            {
                sample.Add(new LabelledScore(prediction.Score, isPositive));
            }
        }
        var live = LiveMetrics.Compute(sample);
        var measured = live.ByName();
        telemetry.Record(key, measured);
        if (baseline is null)
        {
            return;
        }
        telemetry.Baseline(key, baseline.Metrics.Where(m => measured.ContainsKey(m.Key)).ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal));
        var assessment = DecayAssessment.Of(live, baseline.Metrics, judging);
        var state = await store.AlertAsync(key, cancellationToken);
        if (assessment.IsDegraded)
        {
            if (state is { Active: true } && now - state.AlertedAt < options.Cooldown)
            {
                return;
            }
            var alert = DecayAlerts.Create(key, assessment, live, baseline, window, now);
            // Published before the state is saved: a crash in between raises the same event (same id) again rather than none.
            await publisher.PublishAsync(KeelTopics.Alerts, [alert], cancellationToken);
            await store.SaveAlertAsync(key, new AlertState(true, now), cancellationToken);
            telemetry.Alert(key);
        }
        else if (assessment.Judged && state is { Active: true })
        {
            await store.SaveAlertAsync(key, state with { Active = false }, cancellationToken);
        }
    }
}
