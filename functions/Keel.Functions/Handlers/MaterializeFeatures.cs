using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CloudNative.CloudEvents;
using Keel.Events;
using Keel.Events.Messaging;
using Keel.Features.Materialization;
using Keel.Features.Records;
using Keel.Features.Registry;
using Keel.Ingestion;

namespace Keel.Functions.Handlers;

/// <summary>
/// Consumes <c>keel.records</c>: validates each record against its dataset, materializes the
/// valid ones into the online and offline stores, and announces each view's batch with a
/// <c>dev.keel.features.materialized.v1</c> event. Invalid records are rejected (dead-lettered
/// with the reason); replays change nothing because both stores are idempotent by event id.
/// </summary>
public sealed class MaterializeFeatures(IFeatureRegistry registry, FeatureMaterializer materializer, IEventPublisher publisher) : IEventBatchHandler
{
    public string Name => "materialize-features";

    public async Task<BatchOutcome> HandleAsync(IReadOnlyList<CloudEvent> events, CancellationToken cancellationToken)
    {
        var records = new List<IngestedRecord>(events.Count);
        var rejected = new List<Rejection>();
        var snapshots = new Dictionary<string, RegistrySnapshot>();
        foreach (var cloudEvent in events)
        {
            var tenant = cloudEvent.GetTenant() ?? TenantName.Default;
            if (!snapshots.TryGetValue(tenant, out var snapshot))
            {
                snapshots[tenant] = snapshot = await registry.SnapshotAsync(tenant, cancellationToken);
            }
            var (record, problems) = RecordEvents.Read(cloudEvent, snapshot);
            if (record is null)
            {
                rejected.Add(new Rejection(cloudEvent, string.Join("; ", problems)));
            }
            else
            {
                records.Add(record);
            }
        }
        if (records.Count > 0)
        {
            var result = await materializer.MaterializeAsync(records, cancellationToken);
            await AnnounceAsync(result, records, cancellationToken);
        }
        return new BatchOutcome(rejected);
    }

    private Task AnnounceAsync(MaterializationResult result, List<IngestedRecord> records, CancellationToken cancellationToken)
    {
        // The id is derived from the batch's content so a replayed batch announces the same event.
        var batchKey = string.Join(',', records.Select(r => r.EventId).Order(StringComparer.Ordinal));
        var announcements = result.Views.Select(view =>
        {
            var announcement = new CloudEvent(CloudEventsSpecVersion.V1_0, KeelAttributes.All)
            {
                Id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{view.Tenant}/{view.View}/{view.Version}/{batchKey}")))[..32],
                Source = new Uri("/keel/functions/materialize-features", UriKind.Relative),
                Type = KeelEventTypes.FeaturesMaterialized,
                Time = DateTimeOffset.UtcNow,
                Subject = view.View,
                DataContentType = "application/json",
                Data = new JsonObject
                {
                    ["view"] = view.View,
                    ["version"] = view.Version,
                    ["rows"] = view.Rows,
                    ["from"] = view.From.ToString("O"),
                    ["to"] = view.To.ToString("O"),
                },
            };
            announcement.SetTenant(view.Tenant);
            return announcement;
        }).ToArray();
        return publisher.PublishAsync(KeelTopics.Features, announcements, cancellationToken);
    }
}
