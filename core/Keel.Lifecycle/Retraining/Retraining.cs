using Keel.ModelRegistry;
using Keel.Storage.Artifacts;
using Microsoft.Extensions.Options;

namespace Keel.Lifecycle;

/// <summary>
/// Plans the retraining of a model from its latest version: the spec that version was requested
/// with, read from the version's artifacts, trains again on a fresh snapshot of the feature store.
/// Drift detection starts it; so can a person.
/// </summary>
public sealed class Retraining(IModelRegistry registry, IArtifactStore artifacts, IOptions<LifecycleOptions> options)
{
    public async Task<RetrainingPlan> PlanAsync(string? tenant, string model, CancellationToken cancellationToken)
    {
        string resolved;
        try
        {
            resolved = options.Value.ResolveTenant(tenant);
        }
        catch (ArgumentException error)
        {
            return new RetrainingPlan(tenant ?? "", model, null, null, null, error.Message);
        }
        var registered = await registry.GetModelAsync(resolved, model, cancellationToken);
        if (registered is null || registered.LatestVersion == 0)
        {
            return new RetrainingPlan(resolved, model, null, null, null, $"Model '{model}' has no registered version to retrain from.");
        }
        var latest = await registry.GetVersionAsync(resolved, model, registered.LatestVersion, cancellationToken)
            ?? throw new RegistryNotFoundException($"Model '{model}' has no version {registered.LatestVersion}.");
        if (!latest.Artifacts.TryGetValue(RunArtifacts.TrainingSpec, out var spec))
        {
            return new RetrainingPlan(resolved, model, latest.Version, null, latest.RunId,
                $"Version {latest.Version} of '{model}' carries no {RunArtifacts.TrainingSpec}: it was not registered by the life cycle, so there is no spec to retrain from.");
        }
        return new RetrainingPlan(resolved, model, latest.Version, await artifacts.ReadTextAsync(spec.Sha256, cancellationToken), latest.RunId, null);
    }
}
