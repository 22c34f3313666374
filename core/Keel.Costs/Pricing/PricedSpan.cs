namespace Keel.Costs.Pricing;

/// <summary>A stretch of time [From, To) over which one unit price holds.</summary>
public sealed record PricedSpan(DateTimeOffset From, DateTimeOffset To, decimal UnitPrice);
