using Keel.Events;
using Keel.Events.Messaging;
using Keel.ModelRegistry;
using Microsoft.Extensions.Logging;

namespace Keel.Lifecycle;

/// <summary>
/// Puts an approved Staging version into Production (archiving the version there) and announces it
/// on <c>keel.models</c> as <c>dev.keel.model.deployed.v1</c> for serving. A retried deployment finds
/// the version already in Production and announces it again under the same event id.
/// </summary>
public sealed class Deployment(IModelRegistry registry, IEventPublisher publisher, ILogger<Deployment> logger)
{
    public async Task<DeploymentResult> DeployAsync(string tenant, string model, int version, string deployedBy, string reason, CancellationToken cancellationToken)
    {
        var current = await registry.GetVersionAsync(tenant, model, version, cancellationToken)
            ?? throw new RegistryNotFoundException($"Model '{model}' has no version {version}.");
        if (current.Stage == ModelStage.Staging)
        {
            await registry.TransitionAsync(tenant, new TransitionRequest(model, version, ModelStage.Production, deployedBy, reason) { ArchiveExisting = true }, cancellationToken);
        }
        else if (current.Stage != ModelStage.Production)
        {
            throw new InvalidOperationException($"Version {version} of '{model}' is in {current.Stage}; only a version in Staging is deployed.");
        }
        var result = await AnnounceAsync(tenant, model, version, reason, cancellationToken);
        logger.LogInformation("Deployed {Model} version {Version} to Production (replacing {Replaced})", model, version, result.ReplacedVersion?.ToString() ?? "none");
        return result;
    }

    /// <summary>Publishes the deployment of a version that is in Production; the event id is that of its last move there.</summary>
    public async Task<DeploymentResult> AnnounceAsync(string tenant, string model, int version, string? reason, CancellationToken cancellationToken)
    {
        var deployed = await registry.GetVersionAsync(tenant, model, version, cancellationToken)
            ?? throw new RegistryNotFoundException($"Model '{model}' has no version {version}.");
        var transition = deployed.Stage == ModelStage.Production
            ? await RegistryHistory.LastDeploymentAsync(registry, tenant, model, version, cancellationToken)
            : null;
        if (transition is null)
        {
            throw new InvalidOperationException($"Version {version} of '{model}' is in {deployed.Stage}, not Production; there is no deployment to announce.");
        }
        var replaced = await RegistryHistory.ReplacedByAsync(registry, tenant, model, transition, cancellationToken);
        var announcement = ModelDeployedEvents.Create(tenant, deployed, transition, replaced, reason);
        await publisher.PublishAsync(KeelTopics.Models, [announcement], cancellationToken);
        return new DeploymentResult(model, version, deployed.ArtifactSha256, replaced, announcement.Id!);
    }
}
