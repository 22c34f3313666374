using Keel.ModelRegistry;

namespace Keel.Lifecycle;

/// <summary>Makes a deployed version the <c>champion</c>, remembering which version was champion before.</summary>
public sealed class Promotion(IModelRegistry registry)
{
    public async Task<PromotionResult> PromoteAsync(string tenant, string model, int version, string actor, string reason, CancellationToken cancellationToken)
    {
        var champion = await registry.GetByAliasAsync(tenant, model, ModelAliases.Champion, cancellationToken);
        if (champion?.Version == version)
        {
            // A retried promotion: the alias already moved; the history says from where.
            var (_, previous) = await RegistryHistory.AliasBeforeAsync(registry, tenant, model, ModelAliases.Champion, version, cancellationToken);
            return new PromotionResult(model, version, previous);
        }
        await registry.SetAliasAsync(tenant, model, ModelAliases.Champion, version, actor, reason, cancellationToken);
        return new PromotionResult(model, version, champion?.Version);
    }
}
