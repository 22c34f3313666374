using System.Globalization;
using System.Text;
using Keel.Reports.Drift;

namespace Keel.Reports.Html;

/// <summary>
/// An inline SVG of two distributions on the same bins: the reference's bars and the live bars
/// drawn over them, half transparent, so where they differ shows at a glance. Heights are shares,
/// so sides of different sizes compare.
/// </summary>
internal static class OverlaidHistogram
{
    private const double Width = 720;
    private const double Height = 240;
    private const double Left = 44;
    private const double Right = 8;
    private const double Top = 10;
    private const double Bottom = 62;
    private const int MaxLabels = 12;
    private const int MaxLabelLength = 18;

    public const string ReferenceColour = "#3e7cb1";
    public const string LiveColour = "#f0883e";

    public static void Render(StringBuilder html, string feature, IReadOnlyList<DistributionBin> bins)
    {
        html.Append("<svg class=\"hist\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").Append(N(Width)).Append("\" height=\"").Append(N(Height))
            .Append("\" viewBox=\"0 0 ").Append(N(Width)).Append(' ').Append(N(Height)).Append("\" role=\"img\" data-feature=\"")
            .Append(HtmlPage.Encode(feature)).Append("\" aria-label=\"").Append(HtmlPage.Encode($"Reference and live distribution of {feature}")).Append("\">\n");
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        var peak = bins.Count == 0 ? 0 : bins.Max(b => Math.Max(b.ReferenceShare, b.LiveShare));
        var scale = peak > 0 ? plotHeight / peak : 0;
        // Axes and the top of the scale.
        html.Append("<line x1=\"").Append(N(Left)).Append("\" y1=\"").Append(N(Top + plotHeight)).Append("\" x2=\"").Append(N(Width - Right))
            .Append("\" y2=\"").Append(N(Top + plotHeight)).Append("\" stroke=\"#9aa5b1\"/>\n");
        html.Append("<line x1=\"").Append(N(Left)).Append("\" y1=\"").Append(N(Top)).Append("\" x2=\"").Append(N(Left))
            .Append("\" y2=\"").Append(N(Top + plotHeight)).Append("\" stroke=\"#9aa5b1\"/>\n");
        html.Append("<text x=\"").Append(N(Left - 4)).Append("\" y=\"").Append(N(Top + 8)).Append("\" text-anchor=\"end\">")
            .Append(HtmlPage.Encode(HtmlPage.Percent(peak))).Append("</text>\n");
        if (bins.Count == 0)
        {
            html.Append("<text x=\"").Append(N(Left + plotWidth / 2)).Append("\" y=\"").Append(N(Top + plotHeight / 2))
                .Append("\" text-anchor=\"middle\">no values to draw</text>\n</svg>\n");
            return;
        }
        var slot = plotWidth / bins.Count;
        var labelEvery = (int)Math.Ceiling(bins.Count / (double)MaxLabels);
        for (var i = 0; i < bins.Count; i++)
        {
            var bin = bins[i];
            var x = Left + i * slot + slot * 0.1;
            var barWidth = slot * 0.8;
            Bar(html, x, barWidth, bin.ReferenceShare * scale, plotHeight, ReferenceColour, $"{bin.Label}: reference {HtmlPage.Percent(bin.ReferenceShare)} ({bin.ReferenceCount})");
            Bar(html, x, barWidth, bin.LiveShare * scale, plotHeight, LiveColour, $"{bin.Label}: live {HtmlPage.Percent(bin.LiveShare)} ({bin.LiveCount})");
            if (i % labelEvery == 0)
            {
                var label = bin.Label.Length > MaxLabelLength ? bin.Label[..(MaxLabelLength - 1)] + "…" : bin.Label;
                var lx = Left + (i + 0.5) * slot;
                var ly = Top + plotHeight + 12;
                html.Append("<text x=\"").Append(N(lx)).Append("\" y=\"").Append(N(ly)).Append("\" text-anchor=\"end\" transform=\"rotate(-35 ")
                    .Append(N(lx)).Append(' ').Append(N(ly)).Append(")\">").Append(HtmlPage.Encode(label)).Append("</text>\n");
            }
        }
        html.Append("</svg>\n");
    }

    private static void Bar(StringBuilder html, double x, double width, double height, double plotHeight, string colour, string title)
    {
        html.Append("<rect x=\"").Append(N(x)).Append("\" y=\"").Append(N(Top + plotHeight - height)).Append("\" width=\"").Append(N(width))
            .Append("\" height=\"").Append(N(height)).Append("\" fill=\"").Append(colour).Append("\" fill-opacity=\"0.55\"><title>")
            .Append(HtmlPage.Encode(title)).Append("</title></rect>\n");
    }

    private static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
