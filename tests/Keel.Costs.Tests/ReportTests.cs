using System.Xml.Linq;
using Keel.Costs.Attribution;
using Keel.Costs.Metering;
using Keel.Costs.Pricing;
using Keel.Costs.Reports;

namespace Keel.Costs.Tests;

public class ReportTests
{
    private const string Hostile = "<script>alert(\"x\")</script>, \"team\"\r\nnext";

    private static CostReport Report()
    {
        var ledger = new CostLedger(Books.DayBook());
        UsageRecord Cpu(string id, decimal seconds, string? team) =>
            new(id, MeteredActivity.Training, new PriceKey(ResourceKind.Cpu), seconds, Books.Day, Books.Day.AddHours(1), "cpu", new AttributionTags(tenant: "acme", team: team));
        var lines = ledger.Price([Cpu("a", 12_500, "risk"), Cpu("b", 1_500, Hostile), Cpu("c", 1_000, null), Cpu("d", 500, "risk")], Books.Day, Books.Day.AddDays(1));
        return new CostReport(CostRollup.Of(lines, CostDimension.Team), ledger.Prices.Currency, Books.Day, Books.Day.AddDays(1));
    }

    [Fact]
    public void The_table_has_a_row_per_group_largest_first_and_a_total_rounded_once()
    {
        var rows = CostReportTable.Rows(Report());

        Assert.Equal(["team", "cost (EUR)", "share", "records"], CostReportTable.Header(Report()));
        Assert.Equal(
            [["risk", "0.13", "83.9 %", "2"], [Hostile, "0.02", "9.7 %", "1"], ["untagged", "0.01", "6.5 %", "1"]],
            rows.Take(3));
        // 0.155 exactly: half to even shows 0.16, as do the rows 0.13 + 0.02 + 0.01.
        Assert.Equal(["total", "0.16", "100.0 %", "4"], rows[^1]);
    }

    [Fact]
    public void The_csv_quotes_fields_by_rfc_4180_and_keeps_the_unrounded_amount()
    {
        var csv = CostReportCsv.Write(Report());

        var lines = csv.Split("\r\n");
        Assert.Equal("team,currency,cost,cost_unrounded,records", lines[0]);
        Assert.Equal("risk,EUR,0.13,0.13000,2", lines[1]);
        Assert.Equal("\"<script>alert(\"\"x\"\")</script>, \"\"team\"\"", lines[2]);
        Assert.Equal("next\",EUR,0.02,0.01500,1", lines[3]);
        Assert.EndsWith("\r\n", csv);
        Assert.Equal("plain", CostReportCsv.Field("plain"));
    }

    [Fact]
    public void The_html_page_is_self_contained_with_an_svg_chart_and_every_data_string_encoded()
    {
        var html = CostReportHtml.Render(Report());

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;", html);
        var svg = html[html.IndexOf("<svg", StringComparison.Ordinal)..(html.IndexOf("</svg>", StringComparison.Ordinal) + 6)];
        var chart = XElement.Parse(svg);
        var bars = chart.Elements(XName.Get("rect", "http://www.w3.org/2000/svg")).ToArray();
        Assert.Equal(3, bars.Length);
        Assert.Equal(440, (int)bars[0].Attribute("width")!);
        Assert.Equal(51, (int)bars[1].Attribute("width")!);
        Assert.Contains("<td class=\"num\">0.16</td>", html);
    }
}
