using System.Text.Json;
using System.Text.Json.Nodes;
using CloudNative.CloudEvents;
using Keel.CostAnomaly.Alerts;
using Keel.CostAnomaly.Detection;
using Keel.CostAnomaly.Input;
using Keel.Costs.Attribution;
using Keel.Costs.Metering;
using Keel.Costs.Pricing;
using Keel.Events;
using Keel.Events.Messaging;
using Keel.Metering;
using Microsoft.Extensions.Logging;

namespace Keel.Functions.Handlers;

/// <summary>
/// <c>DetectCostAnomaly</c>: consumes <c>cost.metered</c> from <c>keel.costs</c>, prices each record hour by
/// hour with the price book, keeps each series' seasonal baseline, and publishes
/// <c>dev.keel.cost.anomaly.v1</c> on <c>keel.alerts</c> for hours above their band. Without a price book
/// nothing can be judged: the events are acknowledged (they stay on the topic for the ledger) and a
/// warning says why, once. The book is the one the cost reports use (<see cref="PriceBookSource"/>:
/// <c>Keel:Costs:PriceBookFile</c>, else <c>Keel:Costs:PriceBook</c>).
/// </summary>
public sealed class DetectCostAnomaly(CostAnomalyDetector detector, IEventPublisher publisher, PriceBookSource prices, ILogger<DetectCostAnomaly> logger)
    : IEventBatchHandler
{
    private readonly Lock _gate = new();
    private CostLedger? _ledger;
    private bool _warned;

    public string Name => "detect-cost-anomaly";

    public async Task<BatchOutcome> HandleAsync(IReadOnlyList<CloudEvent> events, CancellationToken cancellationToken)
    {
        if (Ledger() is not { } ledger)
        {
            return BatchOutcome.Success;
        }
        var rejected = new List<Rejection>();
        DetectionResult result;
        // The detector keeps its series in memory and is not thread-safe; Dapr may push concurrently.
        lock (_gate)
        {
            foreach (var cloudEvent in events)
            {
                try
                {
                    foreach (var cost in HourlyCosts.Of(CostMeteredEvent.Read(Data(cloudEvent)), ledger))
                    {
                        detector.Record(cost);
                    }
                }
                catch (Exception ex) when (ex is PriceBookException or KeyNotFoundException or InvalidOperationException or ArgumentException)
                {
                    rejected.Add(new Rejection(cloudEvent, $"cost.metered could not be priced: {ex.Message}"));
                }
            }
            result = detector.Evaluate();
        }
        if (result.Alerts.Count > 0)
        {
            await publisher.PublishAsync(KeelTopics.Alerts, result.Alerts.Select(CostAnomalyEvents.Create).ToArray(), cancellationToken);
            logger.LogWarning("{Count} cost anomalies: {Series}", result.Alerts.Count, string.Join("; ", result.Alerts.Select(a => $"{a.Series} at {a.Hour:u}: {a.Observed} above {a.Upper}")));
        }
        return new BatchOutcome(rejected);
    }

    private CostLedger? Ledger()
    {
        if (_ledger is not null)
        {
            return _ledger;
        }
        if (prices.Book is { } book)
        {
            return _ledger = new CostLedger(book);
        }
        if (!_warned)
        {
            _warned = true;
            logger.LogWarning("No usable price book ({Problem}); cost anomalies are not judged until one is configured.", prices.Problem);
        }
        return null;
    }

    private static JsonElement Data(CloudEvent cloudEvent) => cloudEvent.Data switch
    {
        JsonElement element => element,
        JsonNode node => JsonSerializer.SerializeToElement(node),
        _ => throw new InvalidOperationException("the event has no JSON data"),
    };
}
