using System.Globalization;
using System.Net;
using System.Text;
using Keel.Costs.Attribution;

namespace Keel.Metering;

/// <summary>
/// The page shown when usage could not be priced: the reason first, in plain words, then the usage
/// by group in its units. No money appears on it, so nothing can be mistaken for a zero cost.
/// </summary>
public static class UnpricedReportHtml
{
    public static string Render(CostQueryResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var title = $"Usage by {CostDimensions.Name(result.Dimension).Replace('_', ' ')} (not priced)";
        var html = new StringBuilder(8 * 1024);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(Encode(title)).Append("</title>\n<style>\n")
            .Append("body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 900px; padding: 0 1rem; color: #1f2933; }\n")
            .Append(".problem { border-left: 4px solid #c53030; background: #fff5f5; padding: .6rem 1rem; white-space: pre-wrap; }\n")
            .Append("table { border-collapse: collapse; margin: 1rem 0; font-size: .9rem; } th, td { border: 1px solid #d9e2ec; padding: .3rem .6rem; }\n")
            .Append("td.num { text-align: right; font-variant-numeric: tabular-nums; }\n</style>\n</head>\n<body>\n");
        html.Append("<h1>").Append(Encode(title)).Append("</h1>\n");
        html.Append("<p>").Append(Encode(string.Create(CultureInfo.InvariantCulture,
            $"{result.From.UtcDateTime:yyyy-MM-dd HH:mm} to {result.To.UtcDateTime:yyyy-MM-dd HH:mm} UTC, tenant {result.Tenant}."))).Append("</p>\n");
        html.Append("<p class=\"problem\"><strong>No costs are shown.</strong> ").Append(Encode(result.Problem ?? "")).Append("</p>\n");
        html.Append("<table>\n<tr><th>").Append(Encode(CostDimensions.Name(result.Dimension)))
            .Append("</th><th>item</th><th>quantity</th><th>unit</th><th>records</th></tr>\n");
        foreach (var row in result.Usage)
        {
            html.Append("<tr><td>").Append(Encode(row.Key)).Append("</td><td>").Append(Encode(row.Kind)).Append("</td><td class=\"num\">")
                .Append(Encode(row.Quantity.ToString(CultureInfo.InvariantCulture))).Append("</td><td>").Append(Encode(row.Unit))
                .Append("</td><td class=\"num\">").Append(row.Records.ToString(CultureInfo.InvariantCulture)).Append("</td></tr>\n");
        }
        html.Append("</table>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
