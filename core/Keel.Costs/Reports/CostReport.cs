using Keel.Costs.Attribution;
using Keel.Costs.Pricing;

namespace Keel.Costs.Reports;

/// <summary>A rollup over a window, ready to render. Amounts stay unrounded here; renderers round them with <see cref="Money"/>.</summary>
public sealed record CostReport(CostRollup Rollup, Currency Currency, DateTimeOffset From, DateTimeOffset To)
{
    public string Title => $"Cost by {CostDimensions.Name(Rollup.Dimension).Replace('_', ' ')}";

    /// <summary>A row's share of the total, 0 when nothing was spent.</summary>
    public decimal Share(CostRollupRow row) => Rollup.Total == 0 ? 0 : row.Cost / Rollup.Total;
}
