using System.Globalization;
using System.Text;
using Keel.Gates.Metrics;

namespace Keel.Gates.Reports;

/// <summary>One bar of a rate chart: a group's rate (null when it has none), and whether it counted.</summary>
public sealed record RateBar(string Label, double? Rate, bool Included, string? Note);

/// <summary>Charts as inline SVG, drawn from numbers alone: they need no script and no fonts beyond the page's.</summary>
public static class SvgCharts
{
    private const string Candidate = "#2f80ed";
    private const string Champion = "#7b8794";
    private const string Excluded = "#bcccdc";
    private const string Reference = "#d64545";

    /// <summary>A ROC curve with the chance diagonal, the champion's curve when given, and each AUC in the legend.</summary>
    public static string Roc(RocCurve candidate, RocCurve? champion)
    {
        const double left = 52, top = 16, size = 300;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart roc\" width=\"{left + size + 20}\" height=\"{top + size + 48}\" role=\"img\" aria-label=\"ROC curve\">\n");
        svg.Append("<title>ROC curve</title>\n");
        for (var i = 0; i <= 5; i++)
        {
            var t = i / 5.0;
            var x = left + t * size;
            var y = top + size - t * size;
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(x)}\" y1=\"{F(top)}\" x2=\"{F(x)}\" y2=\"{F(top + size)}\" stroke=\"#e4e7eb\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(left)}\" y1=\"{F(y)}\" x2=\"{F(left + size)}\" y2=\"{F(y)}\" stroke=\"#e4e7eb\"/>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(x)}\" y=\"{F(top + size + 15)}\" text-anchor=\"middle\">{F(t)}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(left - 6)}\" y=\"{F(y + 4)}\" text-anchor=\"end\">{F(t)}</text>\n");
        }
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(left)}\" y=\"{F(top)}\" width=\"{F(size)}\" height=\"{F(size)}\" fill=\"none\" stroke=\"#9aa5b1\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"diagonal\" x1=\"{F(left)}\" y1=\"{F(top + size)}\" x2=\"{F(left + size)}\" y2=\"{F(top)}\" stroke=\"#9aa5b1\" stroke-dasharray=\"4 4\"/>\n");
        if (champion is not null)
        {
            svg.Append(Polyline(champion, left, top, size, Champion, "6 3"));
        }
        svg.Append(Polyline(candidate, left, top, size, Candidate, null));

        var legendY = top + size - (champion is null ? 28 : 46);
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(left + 120)}\" y=\"{F(legendY - 4)}\" width=\"172\" height=\"{(champion is null ? 24 : 42)}\" fill=\"#ffffff\" stroke=\"#d9e2ec\"/>\n");
        svg.Append(LegendLine(left + 128, legendY + 8, Candidate, null, $"candidate (AUC {GateCheck.Format(candidate.Auc)})"));
        if (champion is not null)
        {
            svg.Append(LegendLine(left + 128, legendY + 26, Champion, "6 3", $"champion (AUC {GateCheck.Format(champion.Auc)})"));
        }
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(left + size / 2)}\" y=\"{F(top + size + 34)}\" text-anchor=\"middle\">False positive rate</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text transform=\"translate(14 {F(top + size / 2)}) rotate(-90)\" text-anchor=\"middle\">True positive rate</text>\n");
        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>
    /// Horizontal bars of rates in [0, 1], one per group; excluded groups are grey and marked, and an
    /// optional dashed reference line (the four-fifths line) shows where a group would fail.
    /// </summary>
    public static string RateBars(string title, IReadOnlyList<RateBar> bars, double? reference, string? referenceLabel)
    {
        const double labelWidth = 150, plot = 280, row = 22, top = 24, right = 70;
        var height = top + bars.Count * row + 30;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart bars\" width=\"{F(labelWidth + plot + right)}\" height=\"{F(height)}\" role=\"img\" aria-label=\"{Html.Escape(title)}\">\n");
        svg.Append("<title>").Append(Html.Escape(title)).Append("</title>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"14\" font-weight=\"600\">{Html.Escape(title)}</text>\n");
        for (var i = 0; i <= 4; i++)
        {
            var x = labelWidth + i / 4.0 * plot;
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(x)}\" y1=\"{F(top)}\" x2=\"{F(x)}\" y2=\"{F(top + bars.Count * row)}\" stroke=\"#e4e7eb\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(x)}\" y=\"{F(top + bars.Count * row + 14)}\" text-anchor=\"middle\">{F(i / 4.0)}</text>\n");
        }
        for (var i = 0; i < bars.Count; i++)
        {
            var bar = bars[i];
            var y = top + i * row;
            var label = bar.Label.Length > 22 ? bar.Label[..21] + "…" : bar.Label;
            var tip = bar.Note is null ? bar.Label : $"{bar.Label}: {bar.Note}";
            svg.Append("<g><title>").Append(Html.Escape(tip)).Append("</title>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(labelWidth - 6)}\" y=\"{F(y + 15)}\" text-anchor=\"end\">{Html.Escape(label + (bar.Included ? "" : " *"))}</text>");
            if (bar.Rate is { } rate)
            {
                var width = Math.Max(0, Math.Min(1, rate)) * plot;
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(labelWidth)}\" y=\"{F(y + 4)}\" width=\"{F(width)}\" height=\"{F(row - 8)}\" fill=\"{(bar.Included ? Candidate : Excluded)}\"/>");
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(labelWidth + width + 4)}\" y=\"{F(y + 15)}\">{Html.Escape(GateCheck.Format(rate))}</text>");
            }
            else
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(labelWidth + 4)}\" y=\"{F(y + 15)}\">no rows</text>");
            }
            svg.Append("</g>\n");
        }
        if (reference is { } line)
        {
            var x = labelWidth + Math.Max(0, Math.Min(1, line)) * plot;
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"reference\" x1=\"{F(x)}\" y1=\"{F(top - 4)}\" x2=\"{F(x)}\" y2=\"{F(top + bars.Count * row)}\" stroke=\"{Reference}\" stroke-dasharray=\"4 3\" stroke-width=\"1.5\"/>");
            if (referenceLabel is not null)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(x + 4)}\" y=\"{F(top + bars.Count * row + 26)}\" fill=\"{Reference}\">{Html.Escape(referenceLabel)}</text>");
            }
            svg.Append('\n');
        }
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static string Polyline(RocCurve curve, double left, double top, double size, string colour, string? dash)
    {
        var points = string.Join(" ", curve.Points.Select(p => $"{F(left + p.Fpr * size)},{F(top + size - p.Tpr * size)}"));
        var dashes = dash is null ? "" : $" stroke-dasharray=\"{dash}\"";
        return $"<polyline points=\"{points}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"{dashes}/>\n";
    }

    private static string LegendLine(double x, double y, string colour, string? dash, string text)
    {
        var dashes = dash is null ? "" : $" stroke-dasharray=\"{dash}\"";
        return $"<line x1=\"{F(x)}\" y1=\"{F(y - 4)}\" x2=\"{F(x + 18)}\" y2=\"{F(y - 4)}\" stroke=\"{colour}\" stroke-width=\"2\"{dashes}/>"
            + $"<text x=\"{F(x + 24)}\" y=\"{F(y)}\">{Html.Escape(text)}</text>\n";
    }

    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
