using System.Globalization;
using Keel.Costs.Pricing;

namespace Keel.Costs.Reports;

/// <summary>
/// The report as text cells: a header, one row per group and a total row. Each amount is rounded
/// on its own, so the shown rows may differ from the shown total by a minor unit or so; the total
/// is the exact sum rounded once.
/// </summary>
public static class CostReportTable
{
    public static IReadOnlyList<string> Header(CostReport report) =>
        [Attribution.CostDimensions.Name(report.Rollup.Dimension), $"cost ({report.Currency.Code})", "share", "records"];

    public static IReadOnlyList<IReadOnlyList<string>> Rows(CostReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var rows = new List<IReadOnlyList<string>>(report.Rollup.Rows.Count + 1);
        foreach (var row in report.Rollup.Rows)
        {
            rows.Add([row.Key, Money.Format(row.Cost, report.Currency), Percent(report.Share(row)), row.Records.ToString(CultureInfo.InvariantCulture)]);
        }
        rows.Add(["total", Money.Format(report.Rollup.Total, report.Currency), Percent(report.Rollup.Rows.Count == 0 ? 0 : 1),
            report.Rollup.Rows.Sum(r => r.Records).ToString(CultureInfo.InvariantCulture)]);
        return rows;
    }

    internal static string Percent(decimal share) =>
        Math.Round(share * 100, 1, Money.Rule).ToString("0.0", CultureInfo.InvariantCulture) + " %";
}
