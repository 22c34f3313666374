using Keel.Costs.Attribution;
using Keel.Costs.Pricing;
using Keel.Costs.Reports;

namespace Keel.Metering;

/// <summary>
/// A cost report for one tenant and window. <see cref="Report"/> is the priced rollup, or null when
/// the usage could not be priced — <see cref="Problem"/> then says why (no price book, or usage the
/// book has no price for). <see cref="Usage"/>, the same groups in units, is there either way.
/// </summary>
public sealed record CostQueryResult(
    string Tenant,
    CostDimension Dimension,
    DateTimeOffset From,
    DateTimeOffset To,
    CostReport? Report,
    IReadOnlyList<UsageRow> Usage,
    string? Problem)
{
    public bool Priced => Report is not null;
}

/// <summary>A group's usage of one kind in its unit, and the number of usage records in it.</summary>
public sealed record UsageRow(string Key, string Kind, string Unit, decimal Quantity, int Records);

/// <summary>Cost per 1,000 predictions per model version, or why it could not be priced.</summary>
public sealed record UnitCostResult(string Tenant, DateTimeOffset From, DateTimeOffset To, Currency? Currency, IReadOnlyList<VersionUnitCost> Versions,
    IReadOnlyDictionary<(string Model, string Version), long> Predictions, string? Problem)
{
    public bool Priced => Problem is null;
}
