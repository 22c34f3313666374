using System.Globalization;
using System.Net;
using System.Text;
using Keel.Costs.Pricing;

namespace Keel.Costs.Reports;

/// <summary>The report as one self-contained HTML page: inline style, an SVG bar chart and the table; no scripts, nothing fetched.</summary>
public static class CostReportHtml
{
    private const string Style = """
        body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto; max-width: 900px; color: #1f2933; padding: 0 1rem; }
        h1 { font-size: 1.6rem; margin-bottom: .2rem; }
        .meta { color: #52606d; margin-top: 0; }
        table { border-collapse: collapse; margin: 1rem 0; font-size: .9rem; }
        th, td { border: 1px solid #d9e2ec; padding: .3rem .6rem; text-align: left; }
        th { background: #f0f4f8; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        tr.total td { font-weight: 600; }
        svg.bars text { font-size: 12px; fill: #334e68; }
        """;

    public static string Render(CostReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var html = new StringBuilder(16 * 1024);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(Encode(report.Title))
            .Append("</title>\n<style>\n").Append(Style).Append("</style>\n</head>\n<body>\n");
        html.Append("<h1>").Append(Encode(report.Title)).Append("</h1>\n");
        html.Append("<p class=\"meta\">").Append(Encode(string.Create(CultureInfo.InvariantCulture,
            $"{report.From.UtcDateTime:yyyy-MM-dd HH:mm} to {report.To.UtcDateTime:yyyy-MM-dd HH:mm} UTC, in {report.Currency.Code}; amounts rounded half to even to the minor unit.")))
            .Append("</p>\n");
        var bars = report.Rollup.Rows.Select(r => (r.Key, r.Cost, Money.Format(r.Cost, report.Currency) + " " + report.Currency.Code)).ToArray();
        BarChartSvg.Append(html, bars, report.Title);
        AppendTable(html, report);
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static void AppendTable(StringBuilder html, CostReport report)
    {
        html.Append("<table>\n<tr>");
        foreach (var header in CostReportTable.Header(report))
        {
            html.Append("<th>").Append(Encode(header)).Append("</th>");
        }
        html.Append("</tr>\n");
        var rows = CostReportTable.Rows(report);
        for (var r = 0; r < rows.Count; r++)
        {
            html.Append(r == rows.Count - 1 ? "<tr class=\"total\">" : "<tr>");
            for (var c = 0; c < rows[r].Count; c++)
            {
                html.Append(c == 0 ? "<td>" : "<td class=\"num\">").Append(Encode(rows[r][c])).Append("</td>");
            }
            html.Append("</tr>\n");
        }
        html.Append("</table>\n");
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
