namespace Keel.CostAnomaly.Input;

/// <summary>
/// Cost metered for one series in one hour, with what it was spent on. A <c>cost.metered</c> event
/// maps onto this; several for the same series and hour are summed.
/// </summary>
/// <param name="HourStart">Any instant in the hour; it is truncated to the hour (UTC).</param>
/// <param name="Contributors">Contributor (resource, SKU, deployment …) → its part of <paramref name="Amount"/>; what they leave out is counted as unattributed.</param>
public sealed record MeteredCost(
    SeriesKey Series,
    DateTimeOffset HourStart,
    decimal Amount,
    IReadOnlyDictionary<string, decimal>? Contributors = null);
