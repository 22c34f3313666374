using CloudNative.CloudEvents;
using Keel.Decay.Storage;
using Keel.Decay.Tracking;
using Keel.Events.Messaging;

namespace Keel.Functions.Handlers;

/// <summary>
/// Consumes <c>keel.predictions</c> for decay tracking: keeps each prediction (for the horizon)
/// so its label can be joined to it, and joins labels that arrived first.
/// </summary>
public sealed class TrackDecayPredictions(DecayTracker tracker) : IEventBatchHandler
{
    public string Name => "track-decay-predictions";

    public async Task<BatchOutcome> HandleAsync(IReadOnlyList<CloudEvent> events, CancellationToken cancellationToken)
    {
        var predictions = new List<ObservedPrediction>(events.Count);
        var rejected = new List<Rejection>();
        foreach (var cloudEvent in events)
        {
            var (prediction, problem) = DecayEvents.ReadPrediction(cloudEvent);
            if (prediction is null)
            {
                rejected.Add(new Rejection(cloudEvent, problem!));
            }
            else
            {
                predictions.Add(prediction);
            }
        }
        await tracker.ObserveAsync(predictions, [], cancellationToken);
        return new BatchOutcome(rejected);
    }
}
