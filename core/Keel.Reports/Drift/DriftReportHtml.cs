using System.Text;
using Keel.Drift.Detection;
using Keel.Drift.Quality;
using Keel.Reports.Html;

namespace Keel.Reports.Drift;

/// <summary>
/// A drift report as one self-contained HTML page: the verdict, the metric table, the data-quality
/// findings, and per feature (and the score) the reference and live histograms overlaid.
/// </summary>
public static class DriftReportHtml
{
    /// <summary>Judged windows listed on the page; the JSON lists them all.</summary>
    public const int MaxListedWindows = 50;

    public static string Render(ModelDriftReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return HtmlPage.Render($"Drift report: {report.Model} v{report.Version}", html =>
        {
            html.Append("<h1>Drift report: ").Append(HtmlPage.Encode(report.Model)).Append(" v").Append(report.Version).Append("</h1>\n");
            html.Append("<p class=\"meta\">Tenant ").Append(HtmlPage.Encode(report.Tenant))
                .Append(" · window ").Append(HtmlPage.Encode(report.Window.Selector))
                .Append(" · ").Append(HtmlPage.Time(report.Window.From)).Append(" to ").Append(HtmlPage.Time(report.Window.To))
                .Append(" · generated ").Append(HtmlPage.Time(report.GeneratedAt)).Append("</p>\n");
            Verdict(html, report);
            Summary(html, report);
            Metrics(html, report);
            Quality(html, report);
            Charts(html, report);
            Windows(html, report);
        });
    }

    private static void Verdict(StringBuilder html, ModelDriftReport report)
    {
        var share = HtmlPage.Percent(report.DriftShare);
        var threshold = HtmlPage.Percent(report.DatasetDriftShare);
        if (report.DatasetDrift)
        {
            HtmlPage.Verdict(html, "bad", $"Dataset drift: {report.DriftedFeatures.Count} of {report.ComparedFeatures} features drifted ({share}, threshold {threshold}): {string.Join(", ", report.DriftedFeatures)}");
        }
        else
        {
            HtmlPage.Verdict(html, "good", $"No dataset drift: {report.DriftedFeatures.Count} of {report.ComparedFeatures} features drifted ({share}, threshold {threshold})");
        }
        if (report.Score is { Skipped: null } score)
        {
            HtmlPage.Verdict(html, report.ScoreDrift ? "bad" : "good", report.ScoreDrift ? $"The score drifted ({Method(score)})" : "The score did not drift");
        }
        if (report.DataQuality.Count > 0)
        {
            HtmlPage.Verdict(html, "bad", $"{report.DataQuality.Count} data-quality finding(s)");
        }
    }

    private static void Summary(StringBuilder html, ModelDriftReport report)
    {
        HtmlPage.Table(html, ["", "rows"],
        [
            ["reference (training set)", report.ReferenceRows.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            [$"live ({report.Window.Merged} judged window(s){(report.Window.Omitted > 0 ? $", {report.Window.Omitted} older left out" : "")})", report.LiveRows.ToString(System.Globalization.CultureInfo.InvariantCulture)],
        ], new HashSet<int> { 1 });
    }

    private static void Metrics(StringBuilder html, ModelDriftReport report)
    {
        html.Append("<h2>Features</h2>\n");
        var rows = report.Features.Append(report.Score).OfType<FeatureReport>().Select(f => (IReadOnlyList<string>)
        [
            Title(f, report),
            f.Kind.ToString().ToLowerInvariant(),
            Method(f),
            HtmlPage.Number(f.Statistic),
            HtmlPage.Number(f.PValue),
            HtmlPage.Number(f.Threshold),
            f.Skipped is { } skipped ? $"skipped: {skipped}" : f.Drifted ? "drifted" : "no drift",
            f.ReferenceCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            f.LiveCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            HtmlPage.Percent(f.ReferenceMissingRate),
            HtmlPage.Percent(f.LiveMissingRate),
        ]);
        HtmlPage.Table(html, ["feature", "kind", "method", "statistic", "p-value", "threshold", "verdict", "reference values", "live values", "reference missing", "live missing"],
            rows, new HashSet<int> { 3, 4, 5, 7, 8, 9, 10 });
    }

    private static void Quality(StringBuilder html, ModelDriftReport report)
    {
        html.Append("<h2>Data quality</h2>\n");
        if (report.DataQuality.Count == 0)
        {
            html.Append("<p>No findings.</p>\n");
            return;
        }
        HtmlPage.Table(html, ["feature", "finding", "detail", "count", "share", "exact"],
            report.DataQuality.Select(f => (IReadOnlyList<string>)
            [
                f.Feature,
                f.Kind switch
                {
                    DataQualityFindingKind.MissingRateRise => "missing rate rose",
                    DataQualityFindingKind.OutOfRange => "out of range",
                    DataQualityFindingKind.UnseenCategories => "unseen categories",
                    _ => "column mismatch",
                },
                f.Message,
                f.Count?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "—",
                HtmlPage.Percent(f.Share),
                f.Exact ? "yes" : "estimate",
            ]), new HashSet<int> { 3, 4 });
    }

    private static void Charts(StringBuilder html, ModelDriftReport report)
    {
        html.Append("<h2>Distributions</h2>\n<p class=\"legend\">Shares of each side's values:<span style=\"background:")
            .Append(OverlaidHistogram.ReferenceColour).Append("\"></span>reference<span style=\"background:")
            .Append(OverlaidHistogram.LiveColour).Append("\"></span>live</p>\n");
        foreach (var feature in report.Features.Append(report.Score).OfType<FeatureReport>())
        {
            html.Append("<div class=\"feature\">\n<h3>").Append(HtmlPage.Encode(Title(feature, report)))
                .Append(" — ").Append(HtmlPage.Encode(feature.Skipped is not null ? "skipped" : feature.Drifted ? "drifted" : "no drift")).Append("</h3>\n");
            OverlaidHistogram.Render(html, feature.Feature, feature.Distribution);
            html.Append("</div>\n");
        }
    }

    private static void Windows(StringBuilder html, ModelDriftReport report)
    {
        html.Append("<h2>Judged windows</h2>\n");
        var listed = report.Window.Windows.TakeLast(MaxListedWindows).Reverse();
        HtmlPage.Table(html, ["start", "end", "rows", "closed because", "dataset drift", "drift share", "score drift"],
            listed.Select(w => (IReadOnlyList<string>)
            [
                HtmlPage.Time(w.Start),
                HtmlPage.Time(w.End),
                w.Rows.ToString(System.Globalization.CultureInfo.InvariantCulture),
                w.ClosedBecause.ToString().ToLowerInvariant(),
                w.DatasetDrift ? "yes" : "no",
                HtmlPage.Percent(w.DriftShare),
                w.ScoreDrift ? "yes" : "no",
            ]), new HashSet<int> { 2, 5 });
        if (report.Window.Windows.Count > MaxListedWindows)
        {
            html.Append("<p>The newest ").Append(MaxListedWindows).Append(" of ").Append(report.Window.Windows.Count).Append(" windows; the JSON lists them all.</p>\n");
        }
    }

    private static string Title(FeatureReport feature, ModelDriftReport report) =>
        ReferenceEquals(feature, report.Score) ? $"{feature.Feature} (model output)" : feature.Feature;

    private static string Method(FeatureReport feature) => feature.Method switch
    {
        DriftMethod.KolmogorovSmirnov => "Kolmogorov–Smirnov",
        DriftMethod.ChiSquared => "chi-squared",
        DriftMethod.ZTest => "z-test",
        DriftMethod.Wasserstein => "Wasserstein (normalised)",
        DriftMethod.JensenShannon => "Jensen–Shannon",
        DriftMethod.Psi => "PSI",
        _ => "—",
    };
}
