namespace Keel.Serving.Deployments;

/// <summary>
/// The plans a canary rollout goes through: the stable and the canary version split by the canary's
/// percentage while it is analysed, then one version again. Built here, beside the validator, so that
/// serving (following the workflow's events) and the plan API build them the same way.
/// </summary>
public static class CanaryPlans
{
    public const string StableName = "stable";
    public const string CanaryName = "canary";

    /// <summary>
    /// Stable at 100 − <paramref name="percent"/>, canary at <paramref name="percent"/>, in the mode of the
    /// current plan (weighted when there is none). Shadows of the current plan keep running; its
    /// challengers and any earlier canary are dropped, since the comparison is canary against stable alone.
    /// </summary>
    public static DeploymentPlan Start(string tenant, string model, int stableVersion, int canaryVersion, double percent, string? workflowInstanceId, DeploymentPlan? current = null)
    {
        var variants = new List<DeploymentVariant>
        {
            new(StableName, stableVersion, 100 - percent, VariantRole.Stable),
            new(CanaryName, canaryVersion, percent, VariantRole.Canary),
        };
        variants.AddRange(current?.Variants.Where(v => v.Role == VariantRole.Shadow && !IsCanaryName(v.Name)) ?? []);
        return new DeploymentPlan(tenant, model, current?.Mode ?? RoutingMode.Weighted, variants) { WorkflowInstanceId = workflowInstanceId };
    }

    /// <summary>Whether the plan is already the canary of <paramref name="canaryVersion"/> against <paramref name="stableVersion"/> (a redelivered start).</summary>
    public static bool IsCanaryOf(DeploymentPlan? plan, int stableVersion, int canaryVersion) =>
        plan?.Find(VariantRole.Canary)?.Version == canaryVersion && plan.Find(VariantRole.Stable)?.Version == stableVersion;

    /// <summary>
    /// The plan once <paramref name="version"/> serves in place of the stable version and any canary: after
    /// a rollback the stable version, after a promotion or a deployment the new one. Challengers and
    /// shadows of a plan set by hand are kept, the stable variant taking the canary's share; null when
    /// nothing but that version would remain, so the model's current version serves without a plan.
    /// </summary>
    public static DeploymentPlan? End(DeploymentPlan plan, int version)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var kept = plan.Variants.Where(v => v.Role is VariantRole.Challenger or VariantRole.Shadow && v.Version != version).ToList();
        if (kept.Count == 0)
        {
            return null;
        }
        var stableName = plan.Find(VariantRole.Stable)?.Name ?? StableName;
        var stable = new DeploymentVariant(stableName, version, 100 - kept.Where(v => v.IsServing).Sum(v => v.Weight), VariantRole.Stable);
        return plan with { Variants = [stable, .. kept], WorkflowInstanceId = null };
    }

    // Plan names compare case-insensitively; a shadow named "Canary" would clash with the new variant.
    private static bool IsCanaryName(string? name) =>
        string.Equals(name, StableName, StringComparison.OrdinalIgnoreCase) || string.Equals(name, CanaryName, StringComparison.OrdinalIgnoreCase);
}
