using System.Collections.Concurrent;

namespace Keel.Serving.Deployments;

/// <summary>
/// Plans held in memory. Readers take no lock: each entry is an immutable <see cref="RoutingTable"/>
/// and an update swaps the reference. Writers take a lock so that "check the revision, then replace"
/// is one step and revisions never repeat.
/// </summary>
public sealed class InMemoryDeploymentPlanStore(TimeProvider? timeProvider = null) : IDeploymentPlanStore
{
    private readonly ConcurrentDictionary<(string Tenant, string Model), RoutingTable> plans = new();
    // The last revision handed out per model, kept after a removal so a re-created plan does not reuse numbers.
    private readonly Dictionary<(string Tenant, string Model), long> revisions = [];
    private readonly Lock writeLock = new();
    private readonly TimeProvider time = timeProvider ?? TimeProvider.System;

    public RoutingTable? Get(string tenant, string model) =>
        plans.TryGetValue((tenant, model), out var table) ? table : null;

    public DeploymentPlan Save(DeploymentPlan plan, long? expectedRevision = null)
    {
        DeploymentPlanValidator.ThrowIfInvalid(plan);
        var key = (plan.Tenant, plan.Model);
        lock (writeLock)
        {
            var current = plans.TryGetValue(key, out var existing) ? existing.Plan.Revision : 0;
            if (expectedRevision is { } expected && expected != current)
            {
                throw new PlanConflictException(plan.Tenant, plan.Model, expected, current);
            }
            var revision = revisions.GetValueOrDefault(key) + 1;
            // Copy the variant list so a caller mutating its own list cannot change a live plan.
            var stored = plan with { Variants = plan.Variants.ToArray(), Revision = revision, UpdatedAt = time.GetUtcNow() };
            plans[key] = RoutingTable.Build(stored);
            revisions[key] = revision;
            return stored;
        }
    }

    public bool Remove(string tenant, string model, long? expectedRevision = null)
    {
        lock (writeLock)
        {
            var exists = plans.TryGetValue((tenant, model), out var existing);
            var current = exists ? existing!.Plan.Revision : 0;
            if (expectedRevision is { } expected && expected != current)
            {
                throw new PlanConflictException(tenant, model, expected, current);
            }
            return plans.TryRemove((tenant, model), out _);
        }
    }

    public IReadOnlyList<DeploymentPlan> List(string tenant) =>
        plans.Where(p => p.Key.Tenant == tenant).Select(p => p.Value.Plan).OrderBy(p => p.Model, StringComparer.Ordinal).ToArray();

    public IReadOnlyList<DeploymentPlan> ListAll() =>
        plans.Values.Select(t => t.Plan).OrderBy(p => p.Tenant, StringComparer.Ordinal).ThenBy(p => p.Model, StringComparer.Ordinal).ToArray();
}
