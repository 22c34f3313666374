using Keel.Costs.Pricing;

namespace Keel.Retention.Planning;

/// <summary>
/// How the plan's savings were priced: in <see cref="Currency"/> per month with the price book's
/// storage prices of each tier, or not at all, with the reason (no price book, no price for a tier).
/// </summary>
public sealed record PlanPricing(Currency? Currency, string? UnknownReason)
{
    public bool IsKnown => Currency is not null && UnknownReason is null;
}
