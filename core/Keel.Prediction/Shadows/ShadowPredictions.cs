using Keel.PredictionLog;
using Keel.Serving.Deployments;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Keel.Prediction;

/// <summary>
/// The background side of shadow deployments: a bounded dispatcher that scores copies of served
/// predictions on the shadow variants and logs each as a <c>prediction.logged</c> event marked
/// <c>shadow</c>, under its own id (the served id and the variant). Whatever a shadow does — fail,
/// hang, lag — is counted here and never reaches the response.
/// </summary>
public sealed class ShadowPredictions : IAsyncDisposable
{
    private readonly ShadowDispatcher<ShadowRequest, ShadowScore> _dispatcher;
    private readonly IPredictionLog _log;
    private readonly VariantObservationStore _observations;
    private readonly PredictionMetrics _metrics;

    public ShadowPredictions(IPredictionLog log, VariantObservationStore observations, PredictionMetrics metrics,
        IOptions<ShadowDispatcherOptions> options, ILogger<ShadowPredictions> logger)
    {
        _log = log;
        _observations = observations;
        _metrics = metrics;
        _dispatcher = new ShadowDispatcher<ShadowRequest, ShadowScore>(SinkAsync, options.Value, logger);
    }

    public ShadowStatistics Statistics => _dispatcher.Statistics;

    /// <summary>Queues a copy for each shadow of the decision; never waits and never throws.</summary>
    public int Enqueue(in RoutingDecision decision, ShadowRequest request, VariantScorer<ShadowRequest, ShadowScore> scorer) =>
        decision.Shadows.Count == 0 ? 0 : _dispatcher.TryEnqueue(decision, request, scorer);

    public ValueTask DisposeAsync() => _dispatcher.DisposeAsync();

    private ValueTask SinkAsync(ShadowOutcome<ShadowRequest, ShadowScore> outcome, CancellationToken cancellationToken)
    {
        var observations = _observations.For(outcome.Tenant, outcome.Model, outcome.Variant);
        if (outcome.Status != ShadowStatus.Succeeded || outcome.Output is not { } score)
        {
            observations.RecordError(outcome.Elapsed.TotalMilliseconds);
            _metrics.Record(outcome.Model, outcome.Variant.Version, outcome.Variant.Name, "shadow_failed");
            return ValueTask.CompletedTask;
        }
        observations.RecordSuccess(score.LatencyMs, score.Score);
        _metrics.Record(outcome.Model, score.Version, outcome.Variant.Name, "shadow");
        var request = outcome.Request;
        var record = new PredictionRecord($"{request.PredictionId}.{outcome.Variant.Name}", outcome.Tenant, outcome.Model, score.Version, outcome.Variant.Name,
            request.Entity, request.Features.Values, request.Features.ViewVersions, new PredictionOutput(score.Score, score.Label), score.LatencyMs)
        {
            Shadow = true,
            TraceParent = request.TraceParent,
            Time = request.AsOf,
        };
        if (!_log.TryLog(record))
        {
            _metrics.Unlogged(outcome.Model);
        }
        return ValueTask.CompletedTask;
    }
}
