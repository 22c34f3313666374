using System.Text.Json;
using System.Text.Json.Nodes;
using CloudNative.CloudEvents;
using Keel.Costs.Metering;
using Keel.Events;
using Keel.Events.Messaging;
using Keel.Metering;

namespace Keel.Functions.Handlers;

/// <summary>
/// Consumes <c>keel.costs</c> into the cost ledger. The ledger keys usage by tenant and event id, so
/// a redelivered event changes nothing (no idempotence wrapper is needed). An event that is not
/// metered usage, or whose usage names another tenant than the event, is rejected (dead-lettered)
/// with the reason. Newly recorded usage is counted on the <c>Keel.Costs</c> meter.
/// </summary>
public sealed class RecordCosts(UsageLedger ledger, PriceBookSource prices, CostMetrics metrics) : IEventBatchHandler
{
    public const string ConsumerGroup = "keel-record-costs";

    public string Name => "record-costs";

    public async Task<BatchOutcome> HandleAsync(IReadOnlyList<CloudEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var entries = new List<LedgerEntry>(events.Count);
        var rejected = new List<Rejection>();
        foreach (var cloudEvent in events)
        {
            var (entry, problem) = Read(cloudEvent);
            if (entry is null)
            {
                rejected.Add(new Rejection(cloudEvent, problem!));
            }
            else
            {
                entries.Add(entry);
            }
        }
        var added = await ledger.AddAsync(entries, cancellationToken);
        metrics.Record(added.Select(e => e.Record), prices.Book);
        return new BatchOutcome(rejected);
    }

    private static (LedgerEntry? Entry, string? Problem) Read(CloudEvent cloudEvent)
    {
        if (cloudEvent.Type != KeelEventTypes.CostMetered)
        {
            return (null, $"'{cloudEvent.Type}' is not {KeelEventTypes.CostMetered}.");
        }
        if (string.IsNullOrEmpty(cloudEvent.Id))
        {
            return (null, "The event has no id.");
        }
        JsonElement data;
        switch (cloudEvent.Data)
        {
            case JsonElement element:
                data = element;
                break;
            case JsonNode node:
                data = JsonSerializer.SerializeToElement(node);
                break;
            default:
                return (null, "The event carries no JSON data.");
        }
        var problems = EventCatalog.Default.ValidateData(KeelEventTypes.CostMetered, data);
        if (problems.Count > 0)
        {
            return (null, "The usage does not match the schema: " + string.Join("; ", problems.Select(p => $"{p.Field}: {p.Message}")));
        }
        UsageRecord record;
        try
        {
            record = CostMeteredEvent.Read(data);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            return (null, "The usage cannot be read: " + ex.Message);
        }
        // A producer may only charge its own tenant; the ledger is partitioned by the usage's tenant.
        if (cloudEvent.GetTenant() is not { } tenant || tenant != record.Tags.Tenant)
        {
            return (null, $"The usage is tagged for tenant '{record.Tags.Tenant}' but the event belongs to '{cloudEvent.GetTenant()}'.");
        }
        return (new LedgerEntry(cloudEvent.Id, record, PredictionCount.Get(cloudEvent)), null);
    }
}
