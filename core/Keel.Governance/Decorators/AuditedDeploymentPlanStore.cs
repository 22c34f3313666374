using System.Text.Json.Nodes;
using Keel.Audit;
using Keel.Serving.Deployments;

namespace Keel.Governance;

/// <summary>
/// The deployment plans with every stored change appended to the audit log: a plan saved
/// (<see cref="GovernanceActions.DeploymentPlanSet"/>, by the plan's <c>UpdatedBy</c>) or removed
/// (<see cref="GovernanceActions.DeploymentPlanRemoved"/>, by the caller of the request). A plan refused
/// by validation or a stale revision appends nothing; reads, on the request path, pass through.
/// </summary>
/// <remarks>
/// The plan store is synchronous, so the append is waited for: the entry exists when the call returns.
/// Plans live in each serving replica, and each replica applies the events it follows, so one canary
/// start is recorded once per replica; the entry names the replica to tell them apart.
/// </remarks>
public sealed class AuditedDeploymentPlanStore(IDeploymentPlanStore inner, IAuditLog audit, AuditActors actors) : IDeploymentPlanStore
{
    private static readonly string Replica = Environment.MachineName;

    public RoutingTable? Get(string tenant, string model) => inner.Get(tenant, model);

    public IReadOnlyList<DeploymentPlan> List(string tenant) => inner.List(tenant);

    public IReadOnlyList<DeploymentPlan> ListAll() => inner.ListAll();

    public DeploymentPlan Save(DeploymentPlan plan, long? expectedRevision = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var previous = inner.Get(plan.Tenant, plan.Model)?.Plan;
        var stored = inner.Save(plan, expectedRevision);
        var details = Describe(stored);
        details["previous_revision"] = previous?.Revision;
        details["previous_variants"] = previous is null ? null : Variants(previous);
        Append(stored.Tenant, string.IsNullOrWhiteSpace(stored.UpdatedBy) ? actors.Current() : stored.UpdatedBy.Trim(),
            GovernanceActions.DeploymentPlanSet, stored.Model, details);
        return stored;
    }

    public bool Remove(string tenant, string model, long? expectedRevision = null)
    {
        var previous = inner.Get(tenant, model)?.Plan;
        if (!inner.Remove(tenant, model, expectedRevision))
        {
            return false;
        }
        var details = previous is null ? new JsonObject { ["replica"] = Replica } : Describe(previous);
        Append(tenant, actors.Current(), GovernanceActions.DeploymentPlanRemoved, model, details);
        return true;
    }

    private static JsonObject Describe(DeploymentPlan plan) => new()
    {
        ["revision"] = plan.Revision,
        ["mode"] = plan.Mode.ToString(),
        ["variants"] = Variants(plan),
        ["workflow_instance_id"] = plan.WorkflowInstanceId,
        ["replica"] = Replica,
    };

    private static JsonArray Variants(DeploymentPlan plan) => new(plan.Variants.Select(v => (JsonNode?)new JsonObject
    {
        ["name"] = v.Name,
        ["version"] = v.Version,
        ["weight"] = v.Weight,
        ["role"] = v.Role.ToString(),
    }).ToArray());

    // The change is stored by now, so the append is not cancellable; waiting is safe here, where no synchronization context runs.
    private void Append(string tenant, string actor, string action, string model, JsonObject details) =>
        audit.AppendAsync(new NewAuditEntry(tenant, actor, action, GovernanceTargets.Deployment(model), details), CancellationToken.None)
            .GetAwaiter().GetResult();
}
