using Keel.Serving.Runtime;
using Microsoft.Extensions.Logging;

namespace Keel.Serving.Deployments;

/// <summary>
/// Turns the life cycle's events into deployment plans: a canary start splits the model's traffic
/// between the stable and the canary version; a rollback or a deployment returns it to one version
/// (removing the plan, so the current version serves, unless challengers or shadows set by hand
/// remain). Every change starts the observations afresh, since the comparison they were for is over.
/// A redelivered event changes nothing, so a plan's revision (what canary recommendations are
/// counted by) moves only for a real change.
/// </summary>
public sealed class DeploymentPlanUpdates(ModelHost host, IDeploymentPlanStore plans, VariantObservationStore observations, ILogger<DeploymentPlanUpdates> logger)
{
    public async Task StartCanaryAsync(string tenant, string model, int stableVersion, int canaryVersion, double percent, string? workflowInstanceId, string? by, CancellationToken cancellationToken)
    {
        var current = plans.Get(tenant, model)?.Plan;
        if (CanaryPlans.IsCanaryOf(current, stableVersion, canaryVersion))
        {
            return;
        }
        // Both versions must be loaded before a request is routed to them; the stable one is normally current already.
        await host.LoadAsync(tenant, model, stableVersion, makeCurrent: false, cancellationToken);
        await host.LoadAsync(tenant, model, canaryVersion, makeCurrent: false, cancellationToken);
        var plan = CanaryPlans.Start(tenant, model, stableVersion, canaryVersion, percent, workflowInstanceId, current) with { UpdatedBy = by };
        observations.Reset(tenant, model);
        var saved = plans.Save(plan, current?.Revision ?? 0);
        logger.LogInformation("{Model} for {Tenant}: canary version {Canary} takes {Percent} % beside version {Stable} (plan revision {Revision})",
            model, tenant, canaryVersion, percent, stableVersion, saved.Revision);
    }

    /// <summary>Sends the canary's share back to the stable version and unloads the canary; nothing when the plan has another canary (a stale event).</summary>
    public async Task RollBackCanaryAsync(string tenant, string model, int canaryVersion, int stableVersion, string? by, CancellationToken cancellationToken)
    {
        var current = plans.Get(tenant, model)?.Plan;
        if (current?.Find(VariantRole.Canary)?.Version != canaryVersion)
        {
            return;
        }
        Replace(current, CanaryPlans.End(current, stableVersion), by);
        if (host.Find(tenant, model, null)?.Version != canaryVersion)
        {
            await host.UnloadAsync(tenant, model, canaryVersion, cancellationToken);
        }
        logger.LogWarning("{Model} for {Tenant}: canary version {Canary} rolled back; version {Stable} takes its traffic", model, tenant, canaryVersion, stableVersion);
    }

    /// <summary>After <paramref name="version"/> became current: it takes the place of the plan's stable version and any canary.</summary>
    public void Deployed(string tenant, string model, int version, string? by)
    {
        if (plans.Get(tenant, model)?.Plan is not { } current)
        {
            return;
        }
        var next = CanaryPlans.End(current, version);
        if (next is not null && next.Variants.SequenceEqual(current.Variants))
        {
            return;
        }
        Replace(current, next, by);
    }

    private void Replace(DeploymentPlan current, DeploymentPlan? next, string? by)
    {
        // The expected revision makes a concurrent change through the plan API fail this event, which is retried on the new plan.
        if (next is null)
        {
            plans.Remove(current.Tenant, current.Model, current.Revision);
        }
        else
        {
            plans.Save(next with { UpdatedBy = by }, current.Revision);
        }
        observations.Reset(current.Tenant, current.Model);
    }
}
