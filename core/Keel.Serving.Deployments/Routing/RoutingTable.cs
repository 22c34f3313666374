using System.Text;

namespace Keel.Serving.Deployments;

/// <summary>
/// A validated plan laid out for routing: the serving variants as contiguous ranges of the unit
/// interval, and the shadows with their sample rates. Built once per plan version and shared by all
/// requests; immutable, so swapping one for another is a single reference write.
/// </summary>
/// <remarks>
/// Layout, from 0 upward: canaries (in plan order), then the stable variant, then challengers (in
/// reverse plan order, so the first challenger ends at 1). Anchoring the canary at 0 means raising its
/// weight only widens its range: with sticky routing, entities already in the canary stay there and
/// only entities from the stable range join it. The first challenger is anchored at the top the same
/// way, so a canary and an A/B test can each grow without reshuffling the other. Variants of weight 0
/// get no range at all.
/// </remarks>
public sealed class RoutingTable
{
    private readonly DeploymentVariant[] serving;
    private readonly double[] upperBounds;
    private readonly DeploymentVariant[] shadows;
    private readonly double[] shadowRates;

    private RoutingTable(DeploymentPlan plan)
    {
        Plan = plan;
        var ordered = plan.Variants.Where(v => v.Role == VariantRole.Canary)
            .Concat(plan.Variants.Where(v => v.Role == VariantRole.Stable))
            .Concat(plan.Variants.Where(v => v.Role == VariantRole.Challenger).Reverse())
            .Where(v => v.Weight > 0)
            .ToArray();
        serving = ordered;
        upperBounds = new double[ordered.Length];
        var cumulative = 0.0;
        for (var i = 0; i < ordered.Length; i++)
        {
            cumulative += ordered[i].Weight / 100.0;
            upperBounds[i] = cumulative;
        }
        // Rounding must not leave a sliver at the top that belongs to nobody.
        upperBounds[^1] = 1.0;

        shadows = plan.Variants.Where(v => v.Role == VariantRole.Shadow).ToArray();
        shadowRates = shadows.Select(s => s.Weight / 100.0).ToArray();
        SamplesShadows = shadowRates.Any(r => r < 1.0);
        AllShadows = shadows.Length == 64 ? ulong.MaxValue : (1UL << shadows.Length) - 1;
        ModelKey = Encoding.UTF8.GetBytes(plan.Model);
    }

    public DeploymentPlan Plan { get; }

    /// <summary>The shadow variants in plan order; a decision's shadow mask indexes this.</summary>
    public IReadOnlyList<DeploymentVariant> Shadows => shadows;

    internal bool SamplesShadows { get; }

    internal ulong AllShadows { get; }

    /// <summary>The model name in UTF-8, the first half of the sticky hash input, encoded once.</summary>
    internal byte[] ModelKey { get; }

    internal DeploymentVariant[] ShadowArray => shadows;

    /// <summary>Validates the plan and lays it out.</summary>
    /// <exception cref="InvalidDeploymentPlanException">The plan breaks a rule.</exception>
    public static RoutingTable Build(DeploymentPlan plan)
    {
        DeploymentPlanValidator.ThrowIfInvalid(plan);
        return new RoutingTable(plan);
    }

    /// <summary>The serving variant whose range holds <paramref name="bucket"/>, a number in [0, 1).</summary>
    public DeploymentVariant Pick(double bucket)
    {
        var bounds = upperBounds;
        for (var i = 0; i < bounds.Length; i++)
        {
            if (bucket < bounds[i])
            {
                return serving[i];
            }
        }
        return serving[^1];
    }

    internal bool SampleShadow(int index, double draw) => draw < shadowRates[index];
}
