using Keel.Costs.Metering;
using Keel.Costs.Pricing;

namespace Keel.Metering;

/// <summary>What inference usage is aggregated by: who and what it is charged to, the priced item and the device.</summary>
internal readonly record struct InferenceSeries(AttributionTags Tags, PriceKey Item, string DeviceKind);

/// <summary>
/// A series' usage since the last flush: the exact sum of its apportioned parts, the span from the
/// first run's start to the last run's end, and the predictions (rows of successful runs).
/// </summary>
internal sealed class InferenceAggregate(DateTimeOffset start, DateTimeOffset end)
{
    public decimal Quantity { get; private set; }

    public DateTimeOffset Start { get; private set; } = start;

    public DateTimeOffset End { get; private set; } = end;

    public long Predictions { get; private set; }

    /// <summary>Whether adding this many predictions would pass what one event can carry.</summary>
    public bool WouldOverflow(long predictions) => Predictions + predictions > int.MaxValue;

    public void Add(UsageRecord part, long predictions)
    {
        Quantity += part.Quantity;
        Predictions += predictions;
        if (part.Start < Start)
        {
            Start = part.Start;
        }
        if (part.End > End)
        {
            End = part.End;
        }
    }
}
