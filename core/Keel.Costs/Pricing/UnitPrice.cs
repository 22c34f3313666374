namespace Keel.Costs.Pricing;

/// <summary>The price of one unit of an item, in the book's currency, from a moment until the item's next price.</summary>
public sealed record UnitPrice(PriceKey Key, decimal Amount, DateTimeOffset EffectiveFrom);
