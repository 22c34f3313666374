namespace Keel.Serving.Deployments;

/// <summary>
/// The rules a plan must meet before it can route traffic. Every rule is checked (not just the first
/// that fails) so one round trip tells the caller everything to fix. The plan may come straight from
/// JSON, so any reference may be null.
/// </summary>
public static class DeploymentPlanValidator
{
    /// <summary>Beyond this a plan is a mistake, and the router's shadow mask is 64 bits wide.</summary>
    public const int MaxVariants = 32;

    // Weights are decimals typed by people (33.3 + 33.3 + 33.4); exact equality would reject them.
    private const double WeightTolerance = 1e-6;

    public static IReadOnlyList<PlanValidationError> Validate(DeploymentPlan? plan)
    {
        var errors = new List<PlanValidationError>();
        if (plan is null)
        {
            errors.Add(new("plan", "is required"));
            return errors;
        }
        if (string.IsNullOrWhiteSpace(plan.Tenant))
        {
            errors.Add(new("tenant", "is required"));
        }
        if (string.IsNullOrWhiteSpace(plan.Model))
        {
            errors.Add(new("model", "is required"));
        }
        if (!Enum.IsDefined(plan.Mode))
        {
            errors.Add(new("mode", $"must be 'weighted' or 'sticky' (was {(int)plan.Mode})"));
        }
        if (plan.Variants is null || plan.Variants.Count == 0)
        {
            errors.Add(new("variants", "must list at least one serving variant"));
            return errors;
        }
        if (plan.Variants.Count > MaxVariants)
        {
            errors.Add(new("variants", $"has {plan.Variants.Count} variants; at most {MaxVariants} are allowed"));
        }

        var names = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var servingCount = 0;
        var stableCount = 0;
        var servingWeight = 0.0;
        for (var i = 0; i < plan.Variants.Count; i++)
        {
            var variant = plan.Variants[i];
            var path = $"variants[{i}]";
            if (variant is null)
            {
                errors.Add(new(path, "is null"));
                continue;
            }
            if (string.IsNullOrWhiteSpace(variant.Name))
            {
                errors.Add(new($"{path}.name", "is required"));
            }
            else if (names.TryGetValue(variant.Name, out var first))
            {
                errors.Add(new($"{path}.name", $"'{variant.Name}' is already the name of variants[{first}]; names must be unique"));
            }
            else
            {
                names.Add(variant.Name, i);
            }
            if (variant.Version <= 0)
            {
                errors.Add(new($"{path}.version", $"must be a positive model version (was {variant.Version})"));
            }
            if (!Enum.IsDefined(variant.Role))
            {
                errors.Add(new($"{path}.role", $"must be stable, canary, challenger or shadow (was {(int)variant.Role})"));
                continue;
            }
            if (variant.IsServing)
            {
                servingCount++;
                if (variant.Role == VariantRole.Stable)
                {
                    stableCount++;
                }
                if (!double.IsFinite(variant.Weight) || variant.Weight < 0 || variant.Weight > 100)
                {
                    errors.Add(new($"{path}.weight", $"must be a percentage from 0 to 100 (was {variant.Weight})"));
                }
                else
                {
                    servingWeight += variant.Weight;
                }
            }
            else if (!double.IsFinite(variant.Weight) || variant.Weight <= 0 || variant.Weight > 100)
            {
                errors.Add(new($"{path}.weight", $"for a shadow is the percentage of requests copied to it, above 0 and up to 100 (was {variant.Weight})"));
            }
        }

        if (servingCount == 0)
        {
            errors.Add(new("variants", "must include at least one serving variant (stable, canary or challenger); shadows never answer"));
        }
        else if (Math.Abs(servingWeight - 100) > WeightTolerance && !errors.Any(e => e.Field.EndsWith(".weight", StringComparison.Ordinal)))
        {
            errors.Add(new("variants[].weight", $"the weights of the serving variants must sum to 100 (they sum to {servingWeight:0.######})"));
        }
        if (stableCount > 1)
        {
            // Canary analysis and rollback need to know which one version is "the" stable one.
            errors.Add(new("variants[].role", $"at most one variant may be stable (found {stableCount})"));
        }
        return errors;
    }

    /// <exception cref="InvalidDeploymentPlanException">The plan breaks at least one rule.</exception>
    public static void ThrowIfInvalid(DeploymentPlan? plan)
    {
        var errors = Validate(plan);
        if (errors.Count > 0)
        {
            throw new InvalidDeploymentPlanException(plan?.Model ?? "", errors);
        }
    }
}
