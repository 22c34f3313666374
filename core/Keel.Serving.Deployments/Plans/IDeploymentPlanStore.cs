namespace Keel.Serving.Deployments;

/// <summary>
/// The current deployment plan of each (tenant, model). Reads are on the request path and must be
/// cheap; writes are rare and validated. A plan is replaced whole, so a reader sees one plan or the
/// next, never part of each.
/// </summary>
public interface IDeploymentPlanStore
{
    /// <summary>The routing table of the model's current plan, or null when the model has none.</summary>
    RoutingTable? Get(string tenant, string model);

    /// <summary>
    /// Validates and saves the plan as the model's current one, with the next revision number and the
    /// time of saving. When <paramref name="expectedRevision"/> is given, the save happens only if the
    /// stored plan is still at that revision (0: there must be no plan yet).
    /// </summary>
    /// <returns>The plan as stored.</returns>
    /// <exception cref="InvalidDeploymentPlanException">The plan breaks a rule; the stored plan is unchanged.</exception>
    /// <exception cref="PlanConflictException">The stored plan is not at <paramref name="expectedRevision"/>.</exception>
    DeploymentPlan Save(DeploymentPlan plan, long? expectedRevision = null);

    /// <summary>Removes the model's plan; false when it had none.</summary>
    /// <exception cref="PlanConflictException">The stored plan is not at <paramref name="expectedRevision"/>.</exception>
    bool Remove(string tenant, string model, long? expectedRevision = null);

    /// <summary>The current plans of a tenant, by model name.</summary>
    IReadOnlyList<DeploymentPlan> List(string tenant);

    /// <summary>The current plans of every tenant (what canary analysis walks), by tenant and model name.</summary>
    IReadOnlyList<DeploymentPlan> ListAll();
}
