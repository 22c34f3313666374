using System.Text.Json;
using CloudNative.CloudEvents;
using Keel.Events;
using Keel.Events.Messaging;
using Keel.Serving.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Keel.Serving.Deployments;

/// <summary>
/// Reacts to <c>dev.keel.model.deployed.v1</c> on <c>keel.models</c>: the deployed version is loaded,
/// warmed and made current, so a deployment reaches serving without a restart and without failing a
/// request (<see cref="ModelHost.LoadAsync"/> swaps under leases). Only models this instance serves
/// are followed: those named in <c>Keel:Serving:Models</c>, or every model when
/// <see cref="ServingOptions.FollowAllDeployments"/>. Loading twice is harmless, so redelivery is too.
/// </summary>
public sealed class FollowDeployments(ModelHost host, IOptions<ServingOptions> options, ILogger<FollowDeployments> logger) : IEventBatchHandler
{
    public string Name => "FollowDeployments";

    public async Task<BatchOutcome> HandleAsync(IReadOnlyList<CloudEvent> events, CancellationToken cancellationToken)
    {
        var rejected = new List<Rejection>();
        foreach (var deployed in events)
        {
            if (deployed.Type != KeelEventTypes.ModelDeployed)
            {
                continue;
            }
            if (!TryRead(deployed, out var tenant, out var model, out var version, out var problem))
            {
                rejected.Add(new Rejection(deployed, problem));
                continue;
            }
            if (!Follows(tenant, model))
            {
                continue;
            }
            // A failure to load is thrown: the consumer retries the batch, then dead-letters it.
            var loaded = await host.LoadAsync(tenant, model, version, makeCurrent: true, cancellationToken);
            logger.LogInformation("Deployment of {Model} version {Version} for {Tenant} is served (event {EventId})", model, loaded.Version, tenant, deployed.Id);
        }
        return rejected.Count == 0 ? BatchOutcome.Success : new BatchOutcome(rejected);
    }

    private bool Follows(string tenant, string model) =>
        options.Value.FollowAllDeployments || options.Value.Models.Any(m => m.Tenant == tenant && m.Name == model);

    private static bool TryRead(CloudEvent deployed, out string tenant, out string model, out int version, out string problem)
    {
        tenant = deployed.GetTenant() ?? TenantName.Default;
        model = "";
        version = 0;
        problem = "";
        var data = deployed.Data switch
        {
            JsonElement element => element,
            System.Text.Json.Nodes.JsonNode node => JsonSerializer.SerializeToElement(node),
            _ => default,
        };
        if (data.ValueKind != JsonValueKind.Object
            || !data.TryGetProperty("model", out var name) || name.ValueKind != JsonValueKind.String
            || !data.TryGetProperty("version", out var number) || !number.TryGetInt32(out version) || version < 1)
        {
            problem = "data: a model.deployed event needs 'model' (text) and 'version' (a positive integer)";
            return false;
        }
        model = name.GetString()!;
        return true;
    }
}
