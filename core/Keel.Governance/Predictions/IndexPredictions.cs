using CloudNative.CloudEvents;
using Keel.Events.Messaging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Keel.Governance;

/// <summary>
/// Consumes <c>keel.predictions</c> into the prediction index, so that any prediction can be answered
/// for by id for the retention (<see cref="GovernanceOptions.PredictionRetention"/>). Redelivered events
/// change nothing; an event no prediction can be read from is rejected (dead-lettered) with the reason.
/// Past the retention, predictions are forgotten, checked at most once an hour.
/// </summary>
public sealed class IndexPredictions(IPredictionIndex index, IOptions<GovernanceOptions> options, TimeProvider time, ILogger<IndexPredictions> logger) : IEventBatchHandler
{
    public const string ConsumerGroup = "keel-governance-predictions";

    private static readonly TimeSpan PruneEvery = TimeSpan.FromHours(1);

    private long _lastPruneTicks = long.MinValue;

    public string Name => "governance-index-predictions";

    public async Task<BatchOutcome> HandleAsync(IReadOnlyList<CloudEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var now = time.GetUtcNow();
        var cutoff = now - options.Value.PredictionRetention;
        var kept = new List<IndexedPrediction>(events.Count);
        var rejected = new List<Rejection>();
        foreach (var cloudEvent in events)
        {
            var (prediction, problem) = LoggedPredictions.Read(cloudEvent);
            if (prediction is null)
            {
                rejected.Add(new Rejection(cloudEvent, problem!));
            }
            else if (prediction.Time >= cutoff)
            {
                kept.Add(prediction);
            }
        }
        await index.AddAsync(kept, cancellationToken);
        await PruneIfDueAsync(now, cutoff, cancellationToken);
        return new BatchOutcome(rejected);
    }

    private async Task PruneIfDueAsync(DateTimeOffset now, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var last = Interlocked.Read(ref _lastPruneTicks);
        if (last != long.MinValue && now.UtcTicks - last < PruneEvery.Ticks)
        {
            return;
        }
        Interlocked.Exchange(ref _lastPruneTicks, now.UtcTicks);
        var forgotten = await index.PruneAsync(cutoff, cancellationToken);
        if (forgotten > 0)
        {
            logger.LogInformation("Forgot {Count} predictions made before {Cutoff:O}, past the governance retention", forgotten, cutoff);
        }
    }
}
