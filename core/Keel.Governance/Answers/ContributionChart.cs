using System.Globalization;
using System.Text;
using Keel.Gates.Reports;

namespace Keel.Governance;

/// <summary>An inline SVG of an explanation's contributions: one bar per feature from a zero line, the largest first.</summary>
internal static class ContributionChart
{
    private const int MaxBars = 20;
    private const int Width = 640;
    private const int LabelWidth = 170;
    private const int Row = 20;

    public static string Render(IReadOnlyList<ContributionFact> contributions)
    {
        var bars = contributions.OrderByDescending(c => Math.Abs(c.Contribution)).Take(MaxBars).ToArray();
        var largest = bars.Length == 0 ? 0 : bars.Max(c => Math.Abs(c.Contribution));
        var half = (Width - LabelWidth - 20) / 2.0;
        var zero = LabelWidth + half;
        var height = (bars.Length * Row) + 10;
        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{height}\" viewBox=\"0 0 {Width} {height}\" role=\"img\" aria-label=\"feature contributions\">"));
        for (var i = 0; i < bars.Length; i++)
        {
            var c = bars[i];
            var length = largest == 0 ? 0 : Math.Abs(c.Contribution) / largest * half;
            var x = c.Contribution >= 0 ? zero : zero - length;
            var y = (i * Row) + 5;
            var colour = c.Contribution >= 0 ? "#d64545" : "#3e7cb1";
            svg.Append(Invariant($"<text x=\"{LabelWidth - 6}\" y=\"{y + 13}\" text-anchor=\"end\">")).Append(Html.Escape(c.Feature)).Append("</text>");
            svg.Append(Invariant($"<rect x=\"{x:0.##}\" y=\"{y + 2}\" width=\"{Math.Max(length, 0.5):0.##}\" height=\"{Row - 6}\" fill=\"{colour}\"><title>"))
                .Append(Html.Escape($"{c.Feature}: {c.Contribution.ToString("G6", CultureInfo.InvariantCulture)}")).Append("</title></rect>");
        }
        svg.Append(Invariant($"<line x1=\"{zero:0.##}\" y1=\"0\" x2=\"{zero:0.##}\" y2=\"{height}\" stroke=\"#52606d\" stroke-width=\"1\"/>"));
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
