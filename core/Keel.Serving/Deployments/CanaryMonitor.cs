using System.Collections.Concurrent;
using Keel.Events;
using Keel.Events.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Keel.Serving.Deployments;

/// <summary>
/// Every <see cref="CanaryMonitorOptions.Interval"/>, compares each served canary with its stable version
/// (<see cref="CanaryAnalyzer"/> over what <see cref="VariantObservationStore"/> recorded) and, once the
/// answer is promote or rollback, publishes it as one <c>dev.keel.canary.recommended.v1</c> on
/// <c>keel.models</c> per plan revision; a failed publish is tried again at the next look. Without an
/// event publisher (a serving host with no Kafka) the recommendation is logged and shown by the API only.
/// Observations are this replica's own: each replica judges the share of traffic it served.
/// </summary>
public sealed class CanaryMonitor(
    IDeploymentPlanStore plans,
    VariantObservationStore observations,
    CanaryAnalyzer analyzer,
    CanaryAnalyses analyses,
    IServiceProvider services,
    IOptions<CanaryMonitorOptions> options,
    TimeProvider time,
    ILogger<CanaryMonitor> logger) : BackgroundService
{
    // Plan revisions whose recommendation went out; pruned to the plans that still exist at every look.
    private readonly ConcurrentDictionary<(string Tenant, string Model, long Revision), byte> published = new();
    private readonly SemaphoreSlim oneAtATime = new(1, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await AnalyzeAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(ex, "Canary analysis failed; trying again in {Interval}", options.Value.Interval);
            }
        }
    }

    /// <summary>One look at every canary being served; returns the recommendations published by it.</summary>
    public async Task<IReadOnlyList<CanaryRecommendation>> AnalyzeAsync(CancellationToken cancellationToken)
    {
        await oneAtATime.WaitAsync(cancellationToken);
        try
        {
            var sent = new List<CanaryRecommendation>();
            var current = plans.ListAll();
            foreach (var plan in current.Where(p => p.Find(VariantRole.Stable) is not null && p.Find(VariantRole.Canary) is not null))
            {
                var key = (plan.Tenant, plan.Model, plan.Revision);
                var recommendation = analyzer.Analyze(plan, observations);
                var done = published.ContainsKey(key);
                if (!done && recommendation.Decision != CanaryDecision.Continue)
                {
                    await PublishAsync(plan, recommendation, cancellationToken);
                    published[key] = 0;
                    sent.Add(recommendation);
                    done = true;
                }
                analyses.Set(plan.Tenant, plan.Model, new CanaryAnalysis(plan.Revision, plan.WorkflowInstanceId, recommendation, done));
            }
            foreach (var stale in published.Keys.Where(k => !current.Any(p => (p.Tenant, p.Model, p.Revision) == k)))
            {
                published.TryRemove(stale, out _);
            }
            return sent;
        }
        finally
        {
            oneAtATime.Release();
        }
    }

    private async Task PublishAsync(DeploymentPlan plan, CanaryRecommendation recommendation, CancellationToken cancellationToken)
    {
        logger.LogWarning("Canary of {Model} version {Canary} for {Tenant}: {Decision} ({Reasons}); plan revision {Revision}, workflow {Instance}",
            plan.Model, recommendation.CanaryVersion, plan.Tenant, recommendation.Decision, string.Join("; ", recommendation.Reasons), plan.Revision, plan.WorkflowInstanceId ?? "none");
        // Resolved late and optional: the serving host has a publisher only where Kafka is configured.
        if (services.GetService<IEventPublisher>() is { } publisher)
        {
            await publisher.PublishAsync(KeelTopics.Models, [CanaryRecommendationEvents.Create(plan, recommendation)], cancellationToken);
        }
    }

    public override void Dispose()
    {
        oneAtATime.Dispose();
        base.Dispose();
    }
}
