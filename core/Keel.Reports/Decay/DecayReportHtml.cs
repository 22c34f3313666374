using System.Globalization;
using System.Text;
using Keel.Reports.Html;

namespace Keel.Reports.Decay;

/// <summary>A decay report as one self-contained HTML page: the verdict, the metric table, the reliability table and chart, the label outcomes.</summary>
public static class DecayReportHtml
{
    public static string Render(ModelDecayReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return HtmlPage.Render($"Decay report: {report.Model} v{report.Version}", html =>
        {
            html.Append("<h1>Decay report: ").Append(HtmlPage.Encode(report.Model)).Append(" v").Append(report.Version).Append("</h1>\n");
            html.Append("<p class=\"meta\">Tenant ").Append(HtmlPage.Encode(report.Tenant))
                .Append(" · window ").Append(HtmlPage.Encode(report.Window.Selector))
                .Append(" · predictions from ").Append(HtmlPage.Time(report.Window.From)).Append(" to ").Append(HtmlPage.Time(report.Window.To))
                .Append(" · generated ").Append(HtmlPage.Time(report.GeneratedAt)).Append("</p>\n");
            Verdict(html, report);
            Metrics(html, report);
            Reliability(html, report);
            Outcomes(html, report);
        });
    }

    private static void Verdict(StringBuilder html, ModelDecayReport report)
    {
        var degraded = report.Metrics.Where(m => m.Verdict == Decay.MetricVerdict.Degraded).Select(m => m.Metric).ToList();
        switch (report.Verdict)
        {
            case DecayVerdict.Degraded:
                HtmlPage.Verdict(html, "bad", $"Degraded: {string.Join(", ", degraded)} worse than the registered value by more than the margin");
                break;
            case DecayVerdict.Ok:
                HtmlPage.Verdict(html, "good", "Within the margins of the registered holdout metrics");
                break;
            default:
                HtmlPage.Verdict(html, "neutral", !report.Registered
                    ? "Not judged: the registry has no such version to compare with"
                    : report.Measured < report.MinLabels
                        ? $"Not judged: {report.Measured} labelled predictions, a verdict needs {report.MinLabels}"
                        : "Not judged: no metric with a margin has a registered value");
                break;
        }
        var counts = $"{report.Labelled} labelled predictions in the window, {report.Measured} measured";
        if (report.Unreadable > 0)
        {
            counts += $", {report.Unreadable} with labels the positive class '{report.PositiveClass ?? "(none)"}' cannot read";
        }
        if (report.Window.Capped)
        {
            counts += " (the latest labelled only)";
        }
        html.Append("<p>").Append(HtmlPage.Encode(counts)).Append(".</p>\n");
    }

    private static void Metrics(StringBuilder html, ModelDecayReport report)
    {
        html.Append("<h2>Metrics</h2>\n");
        HtmlPage.Table(html, ["metric", "live", "registered (holdout)", "margin", "better", "verdict"],
            report.Metrics.Select(m => (IReadOnlyList<string>)
            [
                m.Metric,
                HtmlPage.Number(m.Live),
                HtmlPage.Number(m.Registered),
                HtmlPage.Number(m.Margin),
                m.HigherIsBetter ? "higher" : "lower",
                m.Verdict switch
                {
                    Decay.MetricVerdict.Ok => "ok",
                    Decay.MetricVerdict.Degraded => "degraded",
                    Decay.MetricVerdict.TooFewLabels => "too few labels",
                    _ => "not compared",
                },
            ]), new HashSet<int> { 1, 2, 3 });
    }

    private static void Reliability(StringBuilder html, ModelDecayReport report)
    {
        html.Append("<h2>Calibration</h2>\n");
        if (report.Reliability.Count == 0)
        {
            html.Append("<p>No reliability table: no labelled predictions, or scores that are not probabilities.</p>\n");
            return;
        }
        html.Append("<p>Observed positive rate against the mean score per score bin; a calibrated model lies on the diagonal.</p>\n");
        Chart(html, report.Reliability);
        HtmlPage.Table(html, ["scores", "predictions", "mean score", "positive rate", "gap"],
            report.Reliability.Select(b => (IReadOnlyList<string>)
            [
                $"[{HtmlPage.Number(b.Lower, "0.0#")}, {HtmlPage.Number(b.Upper, "0.0#")}{(b.Upper >= 1 ? "]" : ")")}",
                b.Count.ToString(CultureInfo.InvariantCulture),
                HtmlPage.Number(b.MeanScore),
                HtmlPage.Number(b.PositiveRate),
                HtmlPage.Number(b.Gap),
            ]), new HashSet<int> { 1, 2, 3, 4 });
    }

    /// <summary>The reliability diagram: a point per non-empty bin on the unit square, beside the diagonal of perfect calibration.</summary>
    private static void Chart(StringBuilder html, IReadOnlyList<ReliabilityBin> bins)
    {
        const double size = 260, pad = 30, plot = size - 2 * pad;
        string N(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
        html.Append("<svg class=\"reliability\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").Append(N(size)).Append("\" height=\"").Append(N(size))
            .Append("\" viewBox=\"0 0 ").Append(N(size)).Append(' ').Append(N(size)).Append("\" role=\"img\" aria-label=\"Reliability diagram\">\n");
        html.Append("<rect x=\"").Append(N(pad)).Append("\" y=\"").Append(N(pad)).Append("\" width=\"").Append(N(plot)).Append("\" height=\"").Append(N(plot))
            .Append("\" fill=\"none\" stroke=\"#9aa5b1\"/>\n");
        html.Append("<line x1=\"").Append(N(pad)).Append("\" y1=\"").Append(N(pad + plot)).Append("\" x2=\"").Append(N(pad + plot)).Append("\" y2=\"").Append(N(pad))
            .Append("\" stroke=\"#cbd2d9\" stroke-dasharray=\"4 3\"/>\n");
        html.Append("<text x=\"").Append(N(pad + plot / 2)).Append("\" y=\"").Append(N(size - 6)).Append("\" text-anchor=\"middle\" font-size=\"10\">mean score</text>\n");
        html.Append("<text x=\"10\" y=\"").Append(N(pad + plot / 2)).Append("\" text-anchor=\"middle\" font-size=\"10\" transform=\"rotate(-90 10 ")
            .Append(N(pad + plot / 2)).Append(")\">positive rate</text>\n");
        var points = bins.Where(b => b.MeanScore is not null && b.PositiveRate is not null)
            .Select(b => (X: pad + b.MeanScore!.Value * plot, Y: pad + plot - b.PositiveRate!.Value * plot, Bin: b)).ToList();
        if (points.Count > 1)
        {
            html.Append("<polyline fill=\"none\" stroke=\"#3e7cb1\" points=\"").Append(string.Join(' ', points.Select(p => $"{N(p.X)},{N(p.Y)}"))).Append("\"/>\n");
        }
        foreach (var (x, y, bin) in points)
        {
            html.Append("<circle cx=\"").Append(N(x)).Append("\" cy=\"").Append(N(y)).Append("\" r=\"3.5\" fill=\"#3e7cb1\"><title>")
                .Append(HtmlPage.Encode($"{bin.Count} predictions: mean score {HtmlPage.Number(bin.MeanScore)}, positive rate {HtmlPage.Number(bin.PositiveRate)}"))
                .Append("</title></circle>\n");
        }
        html.Append("</svg>\n");
    }

    private static void Outcomes(StringBuilder html, ModelDecayReport report)
    {
        html.Append("<h2>Labels of the tenant</h2>\n");
        var outcomes = report.LabelOutcomes;
        HtmlPage.Table(html, ["outcome", "labels"],
        [
            ["joined to a prediction", outcomes.Joined.ToString(CultureInfo.InvariantCulture)],
            ["waiting for their prediction", outcomes.Waiting.ToString(CultureInfo.InvariantCulture)],
            ["expired", outcomes.Expired.ToString(CultureInfo.InvariantCulture)],
            ["duplicates (a label was already joined)", outcomes.Duplicates.ToString(CultureInfo.InvariantCulture)],
        ], new HashSet<int> { 1 });
    }
}
