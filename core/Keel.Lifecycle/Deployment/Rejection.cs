using Keel.ModelRegistry;

namespace Keel.Lifecycle;

/// <summary>Archives a version that was rejected or that nobody approved in time, so it can never be deployed by accident.</summary>
public sealed class Rejection(IModelRegistry registry)
{
    public async Task<VersionStage> ArchiveAsync(string tenant, string model, int version, string actor, string reason, CancellationToken cancellationToken)
    {
        var current = await registry.GetVersionAsync(tenant, model, version, cancellationToken)
            ?? throw new RegistryNotFoundException($"Model '{model}' has no version {version}.");
        if (current.Stage != ModelStage.Archived)
        {
            current = (await registry.TransitionAsync(tenant, new TransitionRequest(model, version, ModelStage.Archived, actor, reason), cancellationToken)).Version;
        }
        return new VersionStage(model, version, current.Stage.ToString());
    }
}
