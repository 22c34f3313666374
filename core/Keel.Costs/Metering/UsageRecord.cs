using Keel.Costs.Pricing;

namespace Keel.Costs.Metering;

/// <summary>
/// Usage of one priced item, spread evenly over [Start, End), or at one instant when they are
/// equal (egress, tokens). <see cref="Id"/> is stable for the same usage, so metering it twice
/// is recognisable downstream.
/// </summary>
public sealed record UsageRecord(
    string Id,
    MeteredActivity Activity,
    PriceKey Item,
    decimal Quantity,
    DateTimeOffset Start,
    DateTimeOffset End,
    string DeviceKind,
    AttributionTags Tags)
{
    public string Id { get; } = !string.IsNullOrWhiteSpace(Id) ? Id : throw new ArgumentException("A usage record needs an id.", nameof(Id));

    public decimal Quantity { get; } = Quantity >= 0 ? Quantity : throw new ArgumentOutOfRangeException(nameof(Quantity), Quantity, "Usage cannot be negative.");

    public DateTimeOffset End { get; } = End >= Start ? End : throw new ArgumentOutOfRangeException(nameof(End), End, "Usage cannot end before it starts.");

    public string DeviceKind { get; } = string.IsNullOrWhiteSpace(DeviceKind) ? AttributionTags.Untagged : DeviceKind.Trim();

    public string Unit => ResourceKinds.Unit(Item.Kind);
}
