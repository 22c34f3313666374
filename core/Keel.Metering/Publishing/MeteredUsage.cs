using CloudNative.CloudEvents;
using Keel.Costs.Metering;

namespace Keel.Metering;

/// <summary>A usage record to send, with the predictions it served (inference only; 0 otherwise).</summary>
public sealed record MeteredUsage(UsageRecord Record, long Predictions = 0)
{
    public CloudEvent ToEvent(DateTimeOffset now)
    {
        var cloudEvent = CostMeteredEvent.Create(Record, now);
        PredictionCount.Set(cloudEvent, Predictions);
        return cloudEvent;
    }
}
