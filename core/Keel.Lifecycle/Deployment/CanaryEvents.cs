using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CloudNative.CloudEvents;
using Keel.Events;
using Keel.ModelRegistry;

namespace Keel.Lifecycle;

/// <summary>
/// The <c>dev.keel.model.canary.started.v1</c> and <c>…canary.rolledback.v1</c> events serving follows.
/// Ids are derived from the model, the canary version and the workflow instance, so a retried activity
/// repeats the same event (consumers drop it by id). The subject is the model, which keeps a model's
/// events in one partition and therefore in order.
/// </summary>
public static class CanaryEvents
{
    private static readonly Uri Source = new("/keel/workflows/canary", UriKind.Relative);

    public static CloudEvent Started(string tenant, ModelVersion canary, int stableVersion, double percent, string startedBy, string? workflowInstanceId, string? reason, DateTimeOffset at)
    {
        var data = new JsonObject
        {
            ["tenant"] = tenant,
            ["model"] = canary.ModelName,
            ["version"] = canary.Version,
            ["onnx_sha256"] = canary.ArtifactSha256.ToLowerInvariant(),
            ["stable_version"] = stableVersion,
            ["canary_percent"] = percent,
            ["started_by"] = startedBy,
            ["workflow_instance_id"] = workflowInstanceId,
        };
        if (!string.IsNullOrWhiteSpace(reason))
        {
            data["reason"] = reason;
        }
        return Create(tenant, canary.ModelName, KeelEventTypes.ModelCanaryStarted, $"{canary.Version}/started/{workflowInstanceId}", data, at);
    }

    public static CloudEvent RolledBack(string tenant, string model, int version, int stableVersion, string actor, IReadOnlyList<string> reasons, string? workflowInstanceId, DateTimeOffset at)
    {
        var data = new JsonObject
        {
            ["tenant"] = tenant,
            ["model"] = model,
            ["version"] = version,
            ["stable_version"] = stableVersion,
            ["rolled_back_by"] = actor,
            ["reasons"] = new JsonArray(reasons.Select(r => (JsonNode?)JsonValue.Create(r)).ToArray()),
            ["workflow_instance_id"] = workflowInstanceId,
        };
        return Create(tenant, model, KeelEventTypes.ModelCanaryRolledBack, $"{version}/rolledback/{workflowInstanceId}", data, at);
    }

    private static CloudEvent Create(string tenant, string model, string type, string key, JsonObject data, DateTimeOffset at)
    {
        var cloudEvent = new CloudEvent(CloudEventsSpecVersion.V1_0, KeelAttributes.All)
        {
            Id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{tenant}/{model}/{key}")))[..32],
            Source = Source,
            Type = type,
            Time = at,
            Subject = model,
            DataContentType = "application/json",
            Data = data,
        };
        cloudEvent.SetTenant(tenant);
        return cloudEvent;
    }
}
