using System.Diagnostics;
using Keel.PredictionLog;
using Keel.Serving;
using Keel.Serving.Deployments;
using Keel.Serving.Protocol;
using Keel.Serving.Runtime;
using ExplainedContribution = Keel.PredictionLog.FeatureContribution;

namespace Keel.Prediction;

/// <summary>
/// <c>POST /api/predict/{model}</c> end to end: route by the model's deployment plan (canary
/// weights, sticky A/B by entity), read the features the version was trained on, score through the
/// version's batcher, explain when asked, and record the prediction — for canary analysis, on the
/// metrics, and as a <c>prediction.logged</c> event — then hand copies to the shadows. Logging and
/// shadows never wait and never fail the answer.
/// </summary>
public sealed class PredictionService(
    ModelHost host,
    ModelProfiles profiles,
    PredictionFeatures features,
    ExplainerCache explainers,
    IDeploymentPlanStore plans,
    TrafficRouter router,
    VariantObservationStore observations,
    ShadowPredictions shadows,
    IPredictionLog log,
    PredictionMetrics metrics,
    TimeProvider time)
{
    /// <summary>The variant name of a model served without a deployment plan.</summary>
    public const string DefaultVariant = "default";

    public async Task<PredictionResult> PredictAsync(string tenant, string model, PredictionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var span = ServingTelemetry.StartPredict(tenant, model);
        var started = Stopwatch.GetTimestamp();
        var table = request.Version is null ? plans.Get(tenant, model) : null;
        RoutingDecision? decision = table is null ? null : router.Route(table, request.Entity);
        var variant = decision?.Primary;
        using var lease = await AcquireAsync(tenant, model, variant?.Version ?? request.Version, loadIfMissing: variant is not null, cancellationToken);
        var variantName = variant?.Name ?? DefaultVariant;
        var asOf = time.GetUtcNow();
        try
        {
            var profile = await profiles.GetAsync(tenant, model, lease.Version, cancellationToken);
            var input = await features.ReadAsync(tenant, profile, request, cancellationToken);
            ScoreResult scored;
            using (ServingTelemetry.StartInference(model, lease.Version, 1))
            {
                scored = await host.ScoreAsync(lease, [input.Values], asOf, cancellationToken);
            }
            var score = (double)scored.Scores[0];
            span?.SetTag("keel.model_version", lease.Version);
            span?.SetTag("keel.variant", variantName);
            var explanation = request.Explain ? await ExplainAsync(profile, input, asOf, cancellationToken) : null;
            var latency = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var predictionId = Guid.CreateVersion7(asOf).ToString("N");
            var label = profile.LabelOf(score);
            var traceParent = Activity.Current?.Id;

            if (variant is not null)
            {
                observations.For(tenant, model, variant).RecordSuccess(latency, score);
            }
            metrics.Record(model, lease.Version, variantName, "ok");
            var logged = log.TryLog(new PredictionRecord(predictionId, tenant, model, lease.Version, variantName, request.Entity,
                input.Values, input.ViewVersions, new PredictionOutput(score, label), latency)
            {
                Explanation = explanation,
                TraceParent = traceParent,
                Time = asOf,
            });
            if (!logged)
            {
                metrics.Unlogged(model);
            }
            if (decision is { } routed)
            {
                shadows.Enqueue(routed, new ShadowRequest(tenant, model, predictionId, request.Entity, input, asOf, traceParent), ScoreShadowAsync);
            }
            return new PredictionResult(predictionId, model, lease.Version, variantName, request.Entity, score, label, profile.PositiveClass,
                input.Values, input.ViewVersions, explanation, latency, logged);
        }
        catch (Exception ex) when (ex is not (InvalidPredictionRequestException or EntityNotFoundException or OperationCanceledException))
        {
            ServingTelemetry.RecordError(span, ex);
            // Only the model's own failures count against a variant; a bad request says nothing about it.
            if (variant is not null && ex is not InferenceValidationException)
            {
                observations.For(tenant, model, variant).RecordError(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            metrics.Record(model, lease.Version, variantName, "failed");
            throw;
        }
    }

    /// <summary>The version to score on: the current one, or a named one, loaded first when a deployment plan names it and it is not loaded yet.</summary>
    private async Task<ModelLease> AcquireAsync(string tenant, string model, int? version, bool loadIfMissing, CancellationToken cancellationToken)
    {
        if (version is not null && loadIfMissing && host.Find(tenant, model, version) is null)
        {
            await host.LoadAsync(tenant, model, version, makeCurrent: false, cancellationToken);
        }
        return host.Acquire(tenant, model, version);
    }

    private async Task<PredictionExplanation> ExplainAsync(ModelProfile profile, FeatureInput input, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var explainer = await explainers.GetAsync(profile, cancellationToken);
        var explained = explainer.Explain(input.Values, asOf);
        return new PredictionExplanation(explained.ExpectedValue,
            explained.Contributions.Select(c => new ExplainedContribution(c.Feature, c.Value, c.Contribution)).ToArray(),
            explained.Method);
    }

    private async ValueTask<ShadowScore> ScoreShadowAsync(DeploymentVariant variant, ShadowRequest request, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var lease = await AcquireAsync(request.Tenant, request.Model, variant.Version, loadIfMissing: true, cancellationToken);
        var profile = await profiles.GetAsync(request.Tenant, request.Model, lease.Version, cancellationToken);
        var scored = await host.ScoreAsync(lease, [request.Features.Values], request.AsOf, cancellationToken);
        var score = (double)scored.Scores[0];
        return new ShadowScore(lease.Version, score, profile.LabelOf(score), Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }
}
