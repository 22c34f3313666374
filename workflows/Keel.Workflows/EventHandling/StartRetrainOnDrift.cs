using System.Text.Json;
using CloudNative.CloudEvents;
using Keel.Events;
using Keel.Events.Messaging;
using Keel.Monitoring;
using Keel.Workflows.Api;
using Microsoft.Extensions.Logging;
using Rejection = Keel.Events.Messaging.Rejection;

namespace Keel.Workflows;

/// <summary>
/// Starts the <see cref="Retrain"/> workflow for a model whose <c>dev.keel.drift.detected.v1</c> on
/// <c>keel.alerts</c> its retraining policy answers (dataset drift, by default), at most once per
/// cool-down: the start is recorded in SQLite, so neither a storm of alerts nor a restart starts more.
/// The instance id is derived from the alert's id and the reason names it, so a redelivered alert
/// finds its instance already there rather than starting another.
/// </summary>
public sealed class StartRetrainOnDrift(IWorkflowGateway gateway, RetrainPolicies policies, RetrainCooldowns cooldowns, TimeProvider time, ILogger<StartRetrainOnDrift> logger) : IEventBatchHandler
{
    /// <summary>One group for all replicas of the workflows app: each alert is weighed once.</summary>
    public const string ConsumerGroup = "keel-workflows-retrain";

    /// <summary>Who asks for a retraining drift started (and so may not approve its version).</summary>
    public const string Requester = "keel-monitoring";

    public string Name => "StartRetrainOnDrift";

    public async Task<BatchOutcome> HandleAsync(IReadOnlyList<CloudEvent> events, CancellationToken cancellationToken)
    {
        var rejected = new List<Rejection>();
        foreach (var alert in events)
        {
            if (alert.Type != KeelEventTypes.DriftDetected)
            {
                continue;
            }
            if (!TryRead(alert, out var model, out var version, out var datasetDrift, out var scoreDrift, out var drifted))
            {
                rejected.Add(new Rejection(alert, "data: a drift alert needs 'model', 'version', 'dataset_drift', 'score_drift' and 'drifted_features'"));
                continue;
            }
            var tenant = alert.GetTenant() ?? TenantName.Default;
            var policy = policies.For(model);
            if (!policy.Wants(datasetDrift, scoreDrift))
            {
                continue;
            }
            var now = time.GetUtcNow();
            var instanceId = "retrain-drift-" + alert.Id;
            var last = cooldowns.Last(tenant, model);
            if (last?.EventId == alert.Id)
            {
                continue;
            }
            if (last is not null && now - last.StartedAt < policy.CoolDown)
            {
                logger.LogInformation("Drift alert {EventId} for {Model} version {Version} starts no retraining: {Instance} started {Ago} ago, within the {CoolDown} cool-down",
                    alert.Id, model, version, last.InstanceId, now - last.StartedAt, policy.CoolDown);
                continue;
            }
            var request = new RetrainRequest(model, Requester)
            {
                Tenant = tenant,
                Reason = $"drift.detected {alert.Id}: version {version} drifted ({(datasetDrift ? "dataset" : "score")}; features: {string.Join(", ", drifted)})",
            };
            try
            {
                await gateway.StartAsync(nameof(Retrain), InstanceIds.IsValid(instanceId) ? instanceId : null, request, cancellationToken);
            }
            catch (InvalidOperationException)
            {
                // A redelivered alert whose retraining is already running: recording it again is all that is left.
            }
            cooldowns.Record(tenant, model, new RetrainStart(now, alert.Id!, instanceId));
            logger.LogInformation("Drift alert {EventId} started retraining {Model} as {Instance}", alert.Id, model, instanceId);
        }
        return rejected.Count == 0 ? BatchOutcome.Success : new BatchOutcome(rejected);
    }

    private static bool TryRead(CloudEvent alert, out string model, out int version, out bool datasetDrift, out bool scoreDrift, out string[] drifted)
    {
        model = "";
        version = 0;
        datasetDrift = scoreDrift = false;
        drifted = [];
        var data = alert.Data switch
        {
            JsonElement element => element,
            System.Text.Json.Nodes.JsonNode node => JsonSerializer.SerializeToElement(node),
            _ => default,
        };
        if (data.ValueKind != JsonValueKind.Object
            || !data.TryGetProperty("model", out var m) || m.ValueKind != JsonValueKind.String
            || !data.TryGetProperty("version", out var v) || !v.TryGetInt32(out version)
            || !data.TryGetProperty("dataset_drift", out var d) || d.ValueKind is not (JsonValueKind.True or JsonValueKind.False)
            || !data.TryGetProperty("score_drift", out var s) || s.ValueKind is not (JsonValueKind.True or JsonValueKind.False)
            || !data.TryGetProperty("drifted_features", out var f) || f.ValueKind != JsonValueKind.Array)
        {
            return false;
        }
        model = m.GetString()!;
        datasetDrift = d.GetBoolean();
        scoreDrift = s.GetBoolean();
        drifted = f.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToArray();
        return true;
    }
}
