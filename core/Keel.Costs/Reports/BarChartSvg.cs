using System.Globalization;
using System.Net;
using System.Text;

namespace Keel.Costs.Reports;

/// <summary>A horizontal bar chart as inline SVG: no scripts, every label encoded since labels come from tags.</summary>
internal static class BarChartSvg
{
    private const int LabelWidth = 220;
    private const int BarArea = 440;
    private const int ValueWidth = 120;
    private const int RowHeight = 24;

    public static void Append(StringBuilder html, IReadOnlyList<(string Label, decimal Value, string Shown)> bars, string title)
    {
        var max = bars.Count == 0 ? 0 : bars.Max(b => b.Value);
        var height = Math.Max(1, bars.Count) * RowHeight + 8;
        html.Append(CultureInfo.InvariantCulture,
            $"<svg class=\"bars\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{LabelWidth + BarArea + ValueWidth}\" height=\"{height}\" role=\"img\" aria-label=\"{Encode(title)}\">\n");
        for (var i = 0; i < bars.Count; i++)
        {
            var (label, value, shown) = bars[i];
            var y = i * RowHeight + 4;
            var width = max <= 0 ? 0 : (int)Math.Round(value / max * BarArea, MidpointRounding.AwayFromZero);
            html.Append(CultureInfo.InvariantCulture, $"<text x=\"{LabelWidth - 6}\" y=\"{y + 15}\" text-anchor=\"end\">{Encode(label)}</text>");
            html.Append(CultureInfo.InvariantCulture,
                $"<rect x=\"{LabelWidth}\" y=\"{y}\" width=\"{width}\" height=\"{RowHeight - 6}\" fill=\"#3e7cb1\"><title>{Encode(label)}: {Encode(shown)}</title></rect>");
            html.Append(CultureInfo.InvariantCulture, $"<text x=\"{LabelWidth + width + 6}\" y=\"{y + 15}\">{Encode(shown)}</text>\n");
        }
        html.Append("</svg>\n");
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
