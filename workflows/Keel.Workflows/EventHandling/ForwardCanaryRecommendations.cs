using System.Text.Json;
using CloudNative.CloudEvents;
using Keel.Events;
using Keel.Events.Messaging;
using Keel.Lifecycle;
using Keel.Workflows.Api;
using Microsoft.Extensions.Logging;
using Rejection = Keel.Events.Messaging.Rejection;

namespace Keel.Workflows;

/// <summary>
/// Hands each <c>dev.keel.canary.recommended.v1</c> on <c>keel.models</c> to the workflow instance that
/// started the canary, as its <c>canary</c> event. A recommendation nobody waits for (a plan set by hand,
/// an instance that has finished or belongs to another tenant) is skipped. Raising one twice is harmless
/// (the instance acts on the first that counts), so redelivery is too.
/// </summary>
public sealed class ForwardCanaryRecommendations(IWorkflowGateway gateway, ILogger<ForwardCanaryRecommendations> logger) : IEventBatchHandler
{
    /// <summary>One group for all replicas of the workflows app: each recommendation is forwarded once.</summary>
    public const string ConsumerGroup = "keel-workflows-canary";

    public string Name => "ForwardCanaryRecommendations";

    public async Task<BatchOutcome> HandleAsync(IReadOnlyList<CloudEvent> events, CancellationToken cancellationToken)
    {
        var rejected = new List<Rejection>();
        foreach (var recommended in events)
        {
            if (recommended.Type != KeelEventTypes.CanaryRecommended)
            {
                continue;
            }
            if (!TryRead(recommended, out var instanceId, out var verdict))
            {
                rejected.Add(new Rejection(recommended, "data: a canary recommendation needs 'decision', 'canary_version', 'stable_version' and 'reasons'"));
                continue;
            }
            if (instanceId is null || !(verdict.IsPromote || verdict.IsRollback))
            {
                continue;
            }
            var tenant = recommended.GetTenant() ?? TenantName.Default;
            var view = InstanceIds.IsValid(instanceId) ? await gateway.GetAsync(instanceId, cancellationToken) : null;
            if (view is null || !view.IsRunning || view.Tenant != tenant)
            {
                logger.LogInformation("Canary recommendation {EventId} ({Decision}) is for instance {Instance}, which is not running for {Tenant}; skipped",
                    recommended.Id, verdict.Decision, instanceId, tenant);
                continue;
            }
            await gateway.RaiseEventAsync(instanceId, CanaryVerdict.EventName, verdict with { EventId = recommended.Id }, cancellationToken);
            logger.LogInformation("Canary recommendation {Decision} for {Model} version {Version} sent to {Instance}", verdict.Decision, recommended.Subject, verdict.CanaryVersion, instanceId);
        }
        return rejected.Count == 0 ? BatchOutcome.Success : new BatchOutcome(rejected);
    }

    private static bool TryRead(CloudEvent recommended, out string? instanceId, out CanaryVerdict verdict)
    {
        instanceId = null;
        verdict = null!;
        var data = recommended.Data switch
        {
            JsonElement element => element,
            System.Text.Json.Nodes.JsonNode node => JsonSerializer.SerializeToElement(node),
            _ => default,
        };
        if (data.ValueKind != JsonValueKind.Object
            || !data.TryGetProperty("decision", out var decision) || decision.ValueKind != JsonValueKind.String
            || !data.TryGetProperty("canary_version", out var canary) || !canary.TryGetInt32(out var canaryVersion)
            || !data.TryGetProperty("stable_version", out var stable) || !stable.TryGetInt32(out var stableVersion)
            || !data.TryGetProperty("reasons", out var reasons) || reasons.ValueKind != JsonValueKind.Array)
        {
            return false;
        }
        if (data.TryGetProperty("workflow_instance_id", out var instance) && instance.ValueKind == JsonValueKind.String)
        {
            instanceId = instance.GetString();
        }
        verdict = new CanaryVerdict(decision.GetString()!, canaryVersion, stableVersion,
            reasons.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.String).Select(r => r.GetString()!).ToArray());
        return true;
    }
}
