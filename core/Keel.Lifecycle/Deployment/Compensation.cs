using Keel.ModelRegistry;
using Microsoft.Extensions.Logging;

namespace Keel.Lifecycle;

/// <summary>
/// Undoes a deployment that failed after its version was registered: the new version is archived,
/// the <c>champion</c> alias goes back to the version it pointed to before (or is removed if it had
/// none), and the version the deployment archived out of Production comes back to Production through
/// Staging, as the stage rules allow, and is announced again so serving returns to it. What to
/// restore is read from the registry's own histories, so it works whichever step failed and however
/// far it got; running it again changes nothing more.
/// </summary>
public sealed class Compensation(IModelRegistry registry, Deployment deployment, ILogger<Compensation> logger)
{
    /// <param name="version">The version to undo; when null, the version registered from <paramref name="runId"/>, if any.</param>
    public async Task<CompensationResult> CompensateAsync(string tenant, string model, string runId, int? version, string actor, string reason, CancellationToken cancellationToken)
    {
        if (await registry.GetModelAsync(tenant, model, cancellationToken) is null)
        {
            return new CompensationResult(model, null, null, null, false);
        }
        var undone = version is { } number
            ? await registry.GetVersionAsync(tenant, model, number, cancellationToken)
            : (await registry.ListVersionsAsync(tenant, model, null, cancellationToken)).FirstOrDefault(v => v.RunId == runId);
        if (undone is null)
        {
            return new CompensationResult(model, null, null, null, false);
        }

        var lastDeployment = await RegistryHistory.LastDeploymentAsync(registry, tenant, model, undone.Version, cancellationToken);
        var replaced = lastDeployment is null ? null : await RegistryHistory.ReplacedByAsync(registry, tenant, model, lastDeployment, cancellationToken);
        var (championMoved, previousChampion) = await RegistryHistory.AliasBeforeAsync(registry, tenant, model, ModelAliases.Champion, undone.Version, cancellationToken);

        if (undone.Stage != ModelStage.Archived)
        {
            await registry.TransitionAsync(tenant, new TransitionRequest(model, undone.Version, ModelStage.Archived, actor, reason), cancellationToken);
        }

        int? restoredChampion = null;
        var championRemoved = false;
        var champion = await registry.GetByAliasAsync(tenant, model, ModelAliases.Champion, cancellationToken);
        if (championMoved && champion?.Version == undone.Version)
        {
            if (previousChampion is { } previous)
            {
                await registry.SetAliasAsync(tenant, model, ModelAliases.Champion, previous, actor, $"restored: {reason}", cancellationToken);
                restoredChampion = previous;
            }
            else
            {
                await registry.RemoveAliasAsync(tenant, model, ModelAliases.Champion, actor, $"removed: {reason}", cancellationToken);
                championRemoved = true;
            }
        }

        int? restoredProduction = null;
        if (replaced is { } earlier)
        {
            restoredProduction = await RestoreProductionAsync(tenant, model, earlier, actor, reason, cancellationToken);
        }
        logger.LogWarning("Compensated {Model} version {Version}: archived; champion {Champion}; Production {Production}. Reason: {Reason}",
            model, undone.Version, restoredChampion?.ToString() ?? (championRemoved ? "removed" : "unchanged"), restoredProduction?.ToString() ?? "unchanged", reason);
        return new CompensationResult(model, undone.Version, restoredChampion, restoredProduction, championRemoved);
    }

    /// <summary>Brings the version the deployment archived back to Production, unless another version took Production meanwhile.</summary>
    private async Task<int?> RestoreProductionAsync(string tenant, string model, int version, string actor, string reason, CancellationToken cancellationToken)
    {
        var inProduction = await registry.ListVersionsAsync(tenant, model, ModelStage.Production, cancellationToken);
        if (inProduction.Any(v => v.Version != version))
        {
            return null;
        }
        var previous = await registry.GetVersionAsync(tenant, model, version, cancellationToken);
        if (previous?.Stage == ModelStage.Archived)
        {
            await registry.TransitionAsync(tenant, new TransitionRequest(model, version, ModelStage.Staging, actor, $"restoring: {reason}"), cancellationToken);
            previous = (await registry.TransitionAsync(tenant, new TransitionRequest(model, version, ModelStage.Production, actor, $"restored: {reason}"), cancellationToken)).Version;
        }
        else if (previous?.Stage == ModelStage.Staging)
        {
            // A compensation that stopped between the two moves.
            previous = (await registry.TransitionAsync(tenant, new TransitionRequest(model, version, ModelStage.Production, actor, $"restored: {reason}"), cancellationToken)).Version;
        }
        if (previous?.Stage != ModelStage.Production)
        {
            return null;
        }
        await deployment.AnnounceAsync(tenant, model, version, $"restored: {reason}", cancellationToken);
        return version;
    }
}
