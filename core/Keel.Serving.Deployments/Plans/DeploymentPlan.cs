namespace Keel.Serving.Deployments;

/// <summary>
/// How the traffic of one model of one tenant is split between its versions. A plan is immutable;
/// an update replaces it whole in the <see cref="IDeploymentPlanStore"/>, so a request routes by
/// either the old plan or the new one, never a mixture.
/// </summary>
/// <param name="Tenant">The tenant that owns the model.</param>
/// <param name="Model">The registered model name.</param>
/// <param name="Mode">Per-request random or sticky by entity.</param>
/// <param name="Variants">The serving variants (weights summing to 100) and any shadows.</param>
public sealed record DeploymentPlan(string Tenant, string Model, RoutingMode Mode, IReadOnlyList<DeploymentVariant> Variants)
{
    /// <summary>Set by the store: 1 for the first plan of a model, one more for each update.</summary>
    public long Revision { get; init; }

    /// <summary>Set by the store when the plan is saved.</summary>
    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>Who made the change, for the audit trail; free text set by the caller.</summary>
    public string? UpdatedBy { get; init; }

    /// <summary>
    /// The workflow instance that started this plan's canary and waits for the recommendation on it;
    /// null for a plan set by hand (its recommendation is published for people to act on).
    /// </summary>
    public string? WorkflowInstanceId { get; init; }

    /// <summary>The variant of the given role, when there is exactly one.</summary>
    public DeploymentVariant? Find(VariantRole role)
    {
        DeploymentVariant? found = null;
        foreach (var variant in Variants)
        {
            if (variant.Role == role)
            {
                if (found is not null)
                {
                    return null;
                }
                found = variant;
            }
        }
        return found;
    }

    /// <summary>The variant with the given name (case-insensitive), if any.</summary>
    public DeploymentVariant? Find(string name) =>
        Variants.FirstOrDefault(v => string.Equals(v.Name, name, StringComparison.OrdinalIgnoreCase));
}
