using CloudNative.CloudEvents;
using Keel.Decay.Storage;
using Keel.Decay.Tracking;
using Keel.Events.Messaging;

namespace Keel.Functions.Handlers;

/// <summary>
/// Consumes <c>keel.feedback</c> for decay tracking: joins each label to its prediction (or lets
/// it wait for it), then re-measures the versions that gained labels and raises decay alerts.
/// </summary>
public sealed class TrackDecayFeedback(DecayTracker tracker) : IEventBatchHandler
{
    public string Name => "track-decay-feedback";

    public async Task<BatchOutcome> HandleAsync(IReadOnlyList<CloudEvent> events, CancellationToken cancellationToken)
    {
        var labels = new List<ObservedLabel>(events.Count);
        var rejected = new List<Rejection>();
        foreach (var cloudEvent in events)
        {
            var (label, problem) = DecayEvents.ReadLabel(cloudEvent);
            if (label is null)
            {
                rejected.Add(new Rejection(cloudEvent, problem!));
            }
            else
            {
                labels.Add(label);
            }
        }
        await tracker.ObserveAsync([], labels, cancellationToken);
        return new BatchOutcome(rejected);
    }
}
