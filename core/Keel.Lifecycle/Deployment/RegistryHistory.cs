using Keel.ModelRegistry;

namespace Keel.Lifecycle;

/// <summary>
/// Reads what earlier steps did from the registry's own histories, so that a retried step and a
/// compensation know the state before a change even when the step that made it never reported back.
/// </summary>
internal static class RegistryHistory
{
    /// <summary>The transition that last put the version in Production, if any.</summary>
    public static async Task<StageTransition?> LastDeploymentAsync(IModelRegistry registry, string tenant, string model, int version, CancellationToken cancellationToken) =>
        (await registry.TransitionsAsync(tenant, model, version, cancellationToken)).LastOrDefault(t => t.To == ModelStage.Production);

    /// <summary>
    /// The version a deployment archived out of Production: the registry records that archiving just
    /// before the promotion, in the same transaction and at the same time.
    /// </summary>
    public static async Task<int?> ReplacedByAsync(IModelRegistry registry, string tenant, string model, StageTransition deployment, CancellationToken cancellationToken)
    {
        var transitions = await registry.TransitionsAsync(tenant, model, null, cancellationToken);
        var index = transitions.ToList().FindIndex(t => t.Sequence == deployment.Sequence);
        if (index <= 0)
        {
            return null;
        }
        var before = transitions[index - 1];
        return before.Version != deployment.Version && before.From == ModelStage.Production && before.To == ModelStage.Archived && before.At == deployment.At
            ? before.Version
            : null;
    }

    /// <summary>The version the alias pointed to before it was last moved to <paramref name="version"/>, and whether it was moved there at all.</summary>
    public static async Task<(bool Moved, int? Previous)> AliasBeforeAsync(IModelRegistry registry, string tenant, string model, string alias, int version, CancellationToken cancellationToken)
    {
        var change = (await registry.AliasHistoryAsync(tenant, model, alias, cancellationToken)).LastOrDefault(c => c.ToVersion == version);
        return change is null ? (false, null) : (true, change.FromVersion);
    }
}
