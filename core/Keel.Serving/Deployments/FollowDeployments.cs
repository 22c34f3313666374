using System.Text.Json;
using CloudNative.CloudEvents;
using Keel.Events;
using Keel.Events.Messaging;
using Keel.Serving.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Keel.Serving.Deployments;

/// <summary>
/// Follows the model life cycle on <c>keel.models</c>. <c>dev.keel.model.deployed.v1</c>: the deployed
/// version is loaded, warmed and made current, so a deployment reaches serving without a restart and
/// without failing a request (<see cref="ModelHost.LoadAsync"/> swaps under leases), and any canary plan
/// ends. <c>…model.canary.started.v1</c> splits the model's traffic between the stable and the canary
/// version; <c>…model.canary.rolledback.v1</c> gives it back to the stable version
/// (<see cref="DeploymentPlanUpdates"/>). Only models this instance serves are followed: those named in
/// <c>Keel:Serving:Models</c>, or every model when <see cref="ServingOptions.FollowAllDeployments"/>.
/// Applying an event twice is harmless, so redelivery is too.
/// </summary>
public sealed class FollowDeployments(ModelHost host, DeploymentPlanUpdates plans, IOptions<ServingOptions> options, ILogger<FollowDeployments> logger) : IEventBatchHandler
{
    public string Name => "FollowDeployments";

    public async Task<BatchOutcome> HandleAsync(IReadOnlyList<CloudEvent> events, CancellationToken cancellationToken)
    {
        var rejected = new List<Rejection>();
        foreach (var lifecycle in events)
        {
            if (lifecycle.Type is not (KeelEventTypes.ModelDeployed or KeelEventTypes.ModelCanaryStarted or KeelEventTypes.ModelCanaryRolledBack))
            {
                continue;
            }
            if (!TryRead(lifecycle, out var data, out var tenant, out var model, out var version, out var problem))
            {
                rejected.Add(new Rejection(lifecycle, problem));
                continue;
            }
            if (!Follows(tenant, model))
            {
                continue;
            }
            // A failure to load is thrown: the consumer retries the batch, then dead-letters it.
            switch (lifecycle.Type)
            {
                case KeelEventTypes.ModelDeployed:
                    var loaded = await host.LoadAsync(tenant, model, version, makeCurrent: true, cancellationToken);
                    plans.Deployed(tenant, model, loaded.Version, Text(data, "deployed_by"));
                    logger.LogInformation("Deployment of {Model} version {Version} for {Tenant} is served (event {EventId})", model, loaded.Version, tenant, lifecycle.Id);
                    break;
                case KeelEventTypes.ModelCanaryStarted when Number(data, "stable_version") is { } stable && data.TryGetProperty("canary_percent", out var percent) && percent.ValueKind == JsonValueKind.Number && percent.TryGetDouble(out var share):
                    await plans.StartCanaryAsync(tenant, model, stable, version, share, Text(data, "workflow_instance_id"), Text(data, "started_by"), cancellationToken);
                    break;
                case KeelEventTypes.ModelCanaryRolledBack when Number(data, "stable_version") is { } stable:
                    await plans.RollBackCanaryAsync(tenant, model, version, stable, Text(data, "rolled_back_by"), cancellationToken);
                    break;
                default:
                    rejected.Add(new Rejection(lifecycle, "data: a canary event needs 'stable_version' (and, to start, 'canary_percent')"));
                    break;
            }
        }
        return rejected.Count == 0 ? BatchOutcome.Success : new BatchOutcome(rejected);
    }

    private bool Follows(string tenant, string model) =>
        options.Value.FollowAllDeployments || options.Value.Models.Any(m => m.Tenant == tenant && m.Name == model);

    private static bool TryRead(CloudEvent lifecycle, out JsonElement data, out string tenant, out string model, out int version, out string problem)
    {
        tenant = lifecycle.GetTenant() ?? TenantName.Default;
        model = "";
        version = 0;
        problem = "";
        data = lifecycle.Data switch
        {
            JsonElement element => element,
            System.Text.Json.Nodes.JsonNode node => JsonSerializer.SerializeToElement(node),
            _ => default,
        };
        if (data.ValueKind != JsonValueKind.Object
            || !data.TryGetProperty("model", out var name) || name.ValueKind != JsonValueKind.String
            || Number(data, "version") is not { } number)
        {
            problem = $"data: a {lifecycle.Type} event needs 'model' (text) and 'version' (a positive integer)";
            return false;
        }
        model = name.GetString()!;
        version = number;
        return true;
    }

    private static int? Number(JsonElement data, string property) =>
        data.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number >= 1 ? number : null;

    private static string? Text(JsonElement data, string property) =>
        data.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
