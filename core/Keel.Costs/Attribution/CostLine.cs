using Keel.Costs.Metering;
using Keel.Costs.Pricing;

namespace Keel.Costs.Attribution;

/// <summary>
/// The priced part of one usage record that falls in a report window, cut where prices changed.
/// <see cref="Cost"/> is unrounded; round only to show it.
/// </summary>
public sealed record CostLine(UsageRecord Record, IReadOnlyList<CostPiece> Pieces)
{
    public decimal Quantity => Pieces.Sum(p => p.Quantity);

    public decimal Cost => Pieces.Sum(p => p.Cost);
}

/// <summary>A stretch of a record under one unit price.</summary>
public sealed record CostPiece(DateTimeOffset From, DateTimeOffset To, decimal Quantity, decimal UnitPrice)
{
    public decimal Cost => Money.Carry(Quantity * UnitPrice);
}
