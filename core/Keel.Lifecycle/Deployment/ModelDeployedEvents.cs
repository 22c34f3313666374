using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CloudNative.CloudEvents;
using Keel.Events;
using Keel.ModelRegistry;

namespace Keel.Lifecycle;

/// <summary>
/// The <c>dev.keel.model.deployed.v1</c> event serving listens for. Its id is derived from the stage
/// transition that put the version in Production, so a retried publish repeats the same event (and
/// consumers drop it by id), while a later redeployment of the same version is a new one.
/// </summary>
public static class ModelDeployedEvents
{
    public static CloudEvent Create(string tenant, ModelVersion version, StageTransition deployment, int? replacedVersion, string? reason)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(deployment);
        var data = new JsonObject
        {
            ["tenant"] = tenant,
            ["model"] = version.ModelName,
            ["version"] = version.Version,
            ["onnx_sha256"] = version.ArtifactSha256.ToLowerInvariant(),
            ["stage"] = nameof(ModelStage.Production),
            ["deployed_by"] = deployment.Actor,
            ["replaced_version"] = replacedVersion,
        };
        if (!string.IsNullOrWhiteSpace(reason))
        {
            data["reason"] = reason;
        }
        var cloudEvent = new CloudEvent(CloudEventsSpecVersion.V1_0, KeelAttributes.All)
        {
            Id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
                $"{tenant}/{version.ModelName}/{version.Version}/{deployment.Sequence}")))[..32],
            Source = new Uri("/keel/workflows/deploy", UriKind.Relative),
            Type = KeelEventTypes.ModelDeployed,
            Time = deployment.At,
            Subject = version.ModelName,
            DataContentType = "application/json",
            Data = data,
        };
        cloudEvent.SetTenant(tenant);
        return cloudEvent;
    }
}
