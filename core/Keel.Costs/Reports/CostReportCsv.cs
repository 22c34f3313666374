using System.Globalization;
using System.Text;
using Keel.Costs.Attribution;
using Keel.Costs.Pricing;

namespace Keel.Costs.Reports;

/// <summary>
/// The report as RFC 4180 CSV: CRLF line ends, a header, one record per group, no total row (a
/// group may be called "total"). Amounts are rounded to the minor unit, with the unrounded value
/// beside them for reconciliation.
/// </summary>
public static class CostReportCsv
{
    public static string Write(CostReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var csv = new StringBuilder();
        Line(csv, CostDimensions.Name(report.Rollup.Dimension), "currency", "cost", "cost_unrounded", "records");
        foreach (var row in report.Rollup.Rows)
        {
            Line(csv, row.Key, report.Currency.Code, Money.Format(row.Cost, report.Currency),
                row.Cost.ToString(CultureInfo.InvariantCulture), row.Records.ToString(CultureInfo.InvariantCulture));
        }
        return csv.ToString();
    }

    /// <summary>A field is quoted when it holds a comma, a quote or a line break; its quotes are doubled.</summary>
    public static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    private static void Line(StringBuilder csv, params string[] fields) =>
        csv.AppendJoin(',', fields.Select(Field)).Append("\r\n");
}
