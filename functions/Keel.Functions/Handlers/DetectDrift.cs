using CloudNative.CloudEvents;
using Keel.Drift.Profiles;
using Keel.Events;
using Keel.Events.Messaging;
using Keel.Monitoring;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Keel.Functions.Handlers;

/// <summary>
/// Consumes <c>keel.predictions</c>: adds each served (not shadow) prediction to its version's live
/// window, and when a window closes judges it against the version's reference profile, publishing
/// <c>dev.keel.drift.detected.v1</c> and <c>dev.keel.data.quality.v1</c> on <c>keel.alerts</c> as called
/// for, and keeping every judged window in the drift history that reports read. A prediction is
/// counted once: ids already counted (in the drift ledger) are skipped, so a redelivered batch
/// changes no window. An event that is not a readable prediction, or whose values do
/// not fit the reference's columns, is rejected with the reason. Predictions of a version without a
/// reference profile are skipped.
/// </summary>
public sealed class DetectDrift(ReferenceProfileCache references, DriftLedger ledger, DriftHistory history, IEventPublisher publisher, IOptions<DriftMonitorOptions> options, ILogger<DetectDrift> logger)
    : IEventBatchHandler, IDisposable
{
    private readonly DriftMonitorOptions _options = options.Value;
    private readonly LiveWindows _windows = new(options.Value);
    private readonly Dictionary<VersionKey, ProfileSchema> _schemas = [];
    // Alerts of judged windows until the log has them: a failed publish is retried with the next attempt.
    private readonly List<CloudEvent> _pending = [];
    // Judged windows until the history has them, kept and retried the same way.
    private readonly List<JudgedWindow> _judged = [];
    // Kafka calls one batch at a time per consumer, but the push host may call concurrently.
    private readonly SemaphoreSlim _gate = new(1, 1);

    public string Name => "DetectDrift";

    public async Task<BatchOutcome> HandleAsync(IReadOnlyList<CloudEvent> events, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await PublishPendingAsync(cancellationToken);
            var rejected = new List<Rejection>();
            var samples = new List<(CloudEvent Event, PredictionSample Sample)>(events.Count);
            foreach (var cloudEvent in await FreshAsync(events, cancellationToken))
            {
                var (sample, problem) = PredictionSample.Read(cloudEvent);
                if (sample is null)
                {
                    rejected.Add(new Rejection(cloudEvent, problem!));
                }
                else if (!sample.Shadow)
                {
                    samples.Add((cloudEvent, sample));
                }
            }
            // Every reference is read before any window changes: a failed read retries a batch that changed nothing.
            var referenceOf = new Dictionary<VersionKey, DatasetProfile?>();
            foreach (var key in samples.Select(s => Key(s.Sample)).Distinct())
            {
                referenceOf[key] = await references.GetAsync(key, cancellationToken);
            }

            var counted = new List<CloudEvent>(samples.Count);
            foreach (var (cloudEvent, sample) in samples)
            {
                var key = Key(sample);
                if (referenceOf[key] is not { } reference)
                {
                    counted.Add(cloudEvent);
                    continue;
                }
                try
                {
                    var closed = _windows.Add(key, SchemaOf(key, reference), sample.Row(), sample.Time);
                    counted.Add(cloudEvent);
                    foreach (var (closedKey, window) in closed)
                    {
                        Judge(closedKey, window, referenceOf.GetValueOrDefault(closedKey) ?? await references.GetAsync(closedKey, cancellationToken));
                    }
                }
                catch (FormatException ex)
                {
                    rejected.Add(new Rejection(cloudEvent, $"features: {ex.Message} (the reference profile of {key} types it otherwise)"));
                }
            }
            foreach (var group in counted.GroupBy(e => e.GetTenant() ?? TenantName.Default))
            {
                await ledger.MarkProcessedAsync(Name, group.Key, group.Select(e => e.Id!).ToArray(), cancellationToken);
            }
            await PublishPendingAsync(cancellationToken);
            return rejected.Count == 0 ? BatchOutcome.Success : new BatchOutcome(rejected);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Moves event time to <paramref name="now"/> less the clock's grace and judges the windows whose
    /// time ran out meanwhile, so a version whose traffic stopped still has its last window judged
    /// (driven by <see cref="DriftClock"/>). Returns how many windows closed.
    /// </summary>
    public async Task<int> CloseElapsedAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await PublishPendingAsync(cancellationToken);
            // References first, as for a batch: a failed read leaves every window open.
            var referenceOf = new Dictionary<VersionKey, DatasetProfile?>();
            foreach (var key in _windows.Versions)
            {
                referenceOf[key] = await references.GetAsync(key, cancellationToken);
            }
            var closed = _windows.AdvanceTo(now - _options.ClockGrace);
            foreach (var (key, window) in closed)
            {
                Judge(key, window, referenceOf.GetValueOrDefault(key));
            }
            await PublishPendingAsync(cancellationToken);
            return closed.Count;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<List<CloudEvent>> FreshAsync(IReadOnlyList<CloudEvent> events, CancellationToken cancellationToken)
    {
        var fresh = new List<CloudEvent>(events.Count);
        foreach (var group in events.GroupBy(e => e.GetTenant() ?? TenantName.Default))
        {
            var seen = await ledger.FindProcessedAsync(Name, group.Key, group.Select(e => e.Id!).ToArray(), cancellationToken);
            var firstOfId = new HashSet<string>();
            fresh.AddRange(group.Where(e => !seen.Contains(e.Id!) && firstOfId.Add(e.Id!)));
        }
        return fresh;
    }

    private void Judge(VersionKey key, Drift.Windows.ClosedWindow window, DatasetProfile? reference)
    {
        if (reference is null || window.Rows < _options.MinWindowRows)
        {
            logger.LogDebug("Window {Start}–{End} of {Version} with {Rows} predictions is not judged", window.Start, window.End, key, window.Rows);
            return;
        }
        var judgement = DriftAlerts.Judge(key, window, reference, _options.PolicyFor(key.Model));
        MonitoringMetrics.Judged(key, judgement.Drift, judgement.Alerts.Any(a => a.Type == KeelEventTypes.DriftDetected));
        MonitoringMetrics.Findings(key, judgement.Quality);
        if (judgement.Alerts.Count > 0)
        {
            logger.LogInformation("Window {Start}–{End} of {Version} ({Rows} predictions): drift share {Share:P0}, dataset drift {DatasetDrift}, {Findings} data-quality finding(s)",
                window.Start, window.End, key, window.Rows, judgement.Drift.DriftShare, judgement.Drift.DatasetDrift, judgement.Quality.Findings.Count);
        }
        _pending.AddRange(judgement.Alerts);
        _judged.Add(JudgedWindow.Of(judgement, DateTimeOffset.UtcNow));
    }

    private ProfileSchema SchemaOf(VersionKey key, DatasetProfile reference)
    {
        if (!_schemas.TryGetValue(key, out var schema))
        {
            if (_schemas.Count >= _options.MaxTrackedVersions * 2)
            {
                _schemas.Clear();
            }
            _schemas[key] = schema = ReferenceProfiles.SchemaOf(reference);
        }
        return schema;
    }

    private async Task PublishPendingAsync(CancellationToken cancellationToken)
    {
        if (_judged.Count > 0)
        {
            await history.RecordAsync(_judged, cancellationToken);
            _judged.Clear();
        }
        if (_pending.Count == 0)
        {
            return;
        }
        await publisher.PublishAsync(KeelTopics.Alerts, [.. _pending], cancellationToken);
        _pending.Clear();
    }

    private static VersionKey Key(PredictionSample sample) => new(sample.Tenant, sample.Model, sample.Version);

    public void Dispose() => _gate.Dispose();
}
