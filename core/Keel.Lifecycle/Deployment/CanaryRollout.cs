using Keel.Events;
using Keel.Events.Messaging;
using Keel.ModelRegistry;
using Microsoft.Extensions.Logging;

namespace Keel.Lifecycle;

/// <summary>
/// Puts an approved Staging version live beside the Production version for a share of traffic, and
/// takes it back out. The canary stays in Staging until it is promoted (then <see cref="Deployment"/>
/// moves it to Production as for any deployment), so the registry never shows two versions in
/// Production. Both steps announce themselves on <c>keel.models</c> for serving and can be retried.
/// </summary>
public sealed class CanaryRollout(IModelRegistry registry, IEventPublisher publisher, TimeProvider time, ILogger<CanaryRollout> logger)
{
    public const double DefaultPercent = 10;

    /// <summary>How long a canary waits for a recommendation when the request does not say; then it is rolled back.</summary>
    public static readonly TimeSpan DefaultMaxWait = TimeSpan.FromHours(24);

    /// <summary>
    /// Announces the canary of <paramref name="version"/> at <paramref name="percent"/> % beside the version in
    /// Production. Without a version in Production there is nothing to compare with: nothing is announced
    /// and the result says so (<see cref="CanaryStart.StableVersion"/> null).
    /// </summary>
    public async Task<CanaryStart> StartAsync(string tenant, string model, int version, double percent, string startedBy, string? workflowInstanceId, string? reason, CancellationToken cancellationToken)
    {
        if (!(percent > 0 && percent < 100))
        {
            throw new ArgumentOutOfRangeException(nameof(percent), percent, "A canary takes more than 0 and less than 100 percent of the traffic.");
        }
        var canary = await registry.GetVersionAsync(tenant, model, version, cancellationToken)
            ?? throw new RegistryNotFoundException($"Model '{model}' has no version {version}.");
        if (canary.Stage != ModelStage.Staging)
        {
            throw new InvalidOperationException($"Version {version} of '{model}' is in {canary.Stage}; only a version in Staging goes live as a canary.");
        }
        var stable = (await registry.ListVersionsAsync(tenant, model, ModelStage.Production, cancellationToken))
            .Where(v => v.Version != version).MaxBy(v => v.Version);
        if (stable is null)
        {
            logger.LogInformation("{Model} has no version in Production: version {Version} is deployed without a canary", model, version);
            return new CanaryStart(model, version, null, percent, null);
        }
        var started = CanaryEvents.Started(tenant, canary, stable.Version, percent, startedBy, workflowInstanceId, reason, time.GetUtcNow());
        await publisher.PublishAsync(KeelTopics.Models, [started], cancellationToken);
        logger.LogInformation("Canary of {Model} version {Version} at {Percent} % beside version {Stable}", model, version, percent, stable.Version);
        return new CanaryStart(model, version, stable.Version, percent, started.Id);
    }

    /// <summary>
    /// Tells serving to give all traffic back to <paramref name="stableVersion"/> first (a bad canary should
    /// stop answering as soon as possible), then archives the canary so it can never be deployed by accident.
    /// </summary>
    public async Task<CanaryRollback> RollBackAsync(string tenant, string model, int version, int stableVersion, string actor, IReadOnlyList<string> reasons, string? workflowInstanceId, CancellationToken cancellationToken)
    {
        var rolledBack = CanaryEvents.RolledBack(tenant, model, version, stableVersion, actor, reasons, workflowInstanceId, time.GetUtcNow());
        await publisher.PublishAsync(KeelTopics.Models, [rolledBack], cancellationToken);
        var current = await registry.GetVersionAsync(tenant, model, version, cancellationToken)
            ?? throw new RegistryNotFoundException($"Model '{model}' has no version {version}.");
        if (current.Stage != ModelStage.Archived)
        {
            var why = "canary rolled back: " + (reasons.Count == 0 ? "no reason given" : string.Join("; ", reasons));
            current = (await registry.TransitionAsync(tenant, new TransitionRequest(model, version, ModelStage.Archived, actor, why), cancellationToken)).Version;
        }
        logger.LogWarning("Canary of {Model} version {Version} rolled back to version {Stable}: {Reasons}", model, version, stableVersion, string.Join("; ", reasons));
        return new CanaryRollback(model, version, stableVersion, current.Stage.ToString(), rolledBack.Id!);
    }
}
