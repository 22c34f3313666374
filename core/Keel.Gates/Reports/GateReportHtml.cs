using System.Text;
using Keel.Features.Definitions;
using Keel.Gates.Metrics;
using Keel.Gates.Schema;

namespace Keel.Gates.Reports;

/// <summary>A gate report as one self-contained HTML page: verdicts, metrics, the ROC curve, per-group rate charts and the schema comparison.</summary>
public static class GateReportHtml
{
    public static string Render(GateReport report)
    {
        var html = new StringBuilder();
        html.Append("<h1>Gate report: ").Append(Html.Escape(report.ModelName)).Append(" version ").Append(Html.Escape(report.ModelVersion)).Append("</h1>\n");
        html.Append("<p class=\"meta\">").Append(Html.Badge(report.Verdict)).Append(' ')
            .Append(report.Passed ? "Every gate that ran passed: the gates do not block registration to Staging or Production." : "A gate failed: the version may not be registered to Staging or Production.")
            .Append("</p>\n<p class=\"meta\">Evaluated ").Append(Html.Time(report.EvaluatedAt))
            .Append(" · ").Append(report.Task == ModelTask.Binary ? $"binary classifier, decision threshold {Html.Number(report.Threshold)}" : "regression model")
            .Append("</p>\n");

        html.Append("<h2>Verdicts</h2>\n");
        Html.Table(html, ["Gate", "Verdict", "Summary"],
            report.Results.Select(r => (IReadOnlyList<object?>)[Html.Raw($"<a href=\"#gate-{Html.Escape(r.Gate)}\">{Html.Escape(r.Gate)}</a>"), Html.Raw(Html.Badge(r.Verdict)), r.Summary]));

        html.Append("<h2>Holdout metrics</h2>\n");
        Html.Table(html, report.ChampionMetrics is null ? ["Metric", "Candidate"] : ["Metric", "Candidate", "Champion"],
            report.Metrics.Keys.Union(report.ChampionMetrics?.Keys ?? []).Select(name => report.ChampionMetrics is { } champion
                ? (IReadOnlyList<object?>)[MetricNames.Display(name), Value(report.Metrics, name), Value(champion, name)]
                : [MetricNames.Display(name), Value(report.Metrics, name)]));

        foreach (var result in report.Results)
        {
            AppendResult(html, result);
        }
        return Html.Page($"Gate report: {report.ModelName} {report.ModelVersion}", html.ToString());
    }

    private static void AppendResult(StringBuilder html, GateResult result)
    {
        html.Append("<h2 id=\"gate-").Append(Html.Escape(result.Gate)).Append("\">").Append(Html.Escape(result.Gate)).Append(' ').Append(Html.Badge(result.Verdict)).Append("</h2>\n");
        html.Append("<p>").Append(Html.Escape(result.Summary)).Append("</p>\n");
        if (result.Checks.Count > 0)
        {
            Html.Table(html, ["Check", "Subject", "Measured", "Threshold", "Verdict", "Finding"],
                result.Checks.Select(c => (IReadOnlyList<object?>)
                [
                    c.Name, c.Subject, c.Measured, c.Threshold is { } t ? Html.Raw($"{(c.Comparison == Comparison.AtMost ? "≤" : "≥")} {Html.Number(t)}") : null,
                    Html.Raw(Html.Badge(c.Verdict)), c.Message,
                ]));
        }
        if (result.Roc is { } roc)
        {
            html.Append("<div class=\"charts\"><figure>").Append(SvgCharts.Roc(roc, result.ChampionRoc))
                .Append("<figcaption>ROC curve on the holdout; the dashed diagonal is a model that guesses.</figcaption></figure></div>\n");
        }
        if (result.Fairness is { } fairness)
        {
            FairnessHtml.Append(html, fairness);
        }
        if (result.Schema is { } schema)
        {
            html.Append("<h3>Schema comparison</h3>\n");
            Html.Table(html, ["Feature", "Feature service", "Model", "Status"],
                schema.Select(s => (IReadOnlyList<object?>)
                [
                    s.Feature, s.ServiceType?.Name() ?? "absent", s.ModelType?.Name() ?? "absent",
                    Html.Raw($"{Html.Badge(s.Match == SchemaMatch.Match ? GateVerdict.Pass : GateVerdict.Fail)} {Html.Escape(s.Message)}"),
                ]));
        }
        if (result.Latency is { } latency)
        {
            Html.Table(html, ["Samples", "Mean ms", "p50 ms", "p95 ms", "p99 ms", "Max ms", "p95 budget ms"],
                [[latency.Samples, latency.MeanMs, latency.P50Ms, latency.P95Ms, latency.P99Ms, latency.MaxMs, latency.BudgetMs]]);
        }
        var described = result.Roc is not null || result.Fairness is not null || result.Schema is not null || result.Latency is not null;
        if (!described && result.Measurements.Count > 0)
        {
            Html.Table(html, ["Measured", "Value"], result.Measurements.Select(m => (IReadOnlyList<object?>)[m.Key, m.Value]));
        }
    }

    private static object? Value(IReadOnlyDictionary<string, double> metrics, string name) =>
        metrics.TryGetValue(name, out var value) ? value : null;
}
