using System.Text;
using Keel.Features.Definitions;
using Keel.Gates.Metrics;
using Keel.Gates.Reports;

namespace Keel.ModelCards;

/// <summary>A model card as one self-contained HTML page, in the same style as the gate report and with the same fairness charts.</summary>
public static class ModelCardHtml
{
    public static string Render(ModelCard card)
    {
        var html = new StringBuilder();
        html.Append("<h1>Model card: ").Append(Html.Escape(card.ModelName)).Append(" version ").Append(Html.Escape(card.Version)).Append("</h1>\n");
        html.Append("<p class=\"meta\">Stage <strong>").Append(Html.Escape(card.Stage)).Append("</strong> · gates ").Append(Html.Badge(card.GateVerdict))
            .Append(" · owner ").Append(Html.Escape(card.Owner))
            .Append(" · created by ").Append(Html.Escape(card.CreatedBy)).Append(' ').Append(Html.Time(card.CreatedAt))
            .Append(card.ApprovedBy is null ? " · not approved yet" : $" · approved by {Html.Escape(card.ApprovedBy)}{(card.ApprovedAt is { } at ? " " + Html.Time(at) : "")}")
            .Append("</p>\n");

        Section(html, "purpose", "Purpose");
        Paragraphs(html, card.Purpose);
        html.Append("<p class=\"meta\">Owner: ").Append(Html.Escape(card.Owner)).Append("</p>\n");

        Section(html, "intended-use", "Intended use");
        Paragraphs(html, card.IntendedUse);

        Section(html, "lineage", "Training data lineage");
        var lineage = card.Lineage;
        var rows = new List<IReadOnlyList<object?>>
        {
            new object?[] { "Dataset snapshot (SHA-256)", lineage.DatasetHash },
            new object?[] { "Rows", lineage.Rows },
            new object?[] { "Event time range", lineage.From is null && lineage.To is null ? "not recorded" : Html.Raw($"{Range(lineage.From)} to {Range(lineage.To)}") },
            new object?[] { "Feature service", lineage.FeatureService },
        };
        rows.AddRange(lineage.ViewVersions.Select(v => (IReadOnlyList<object?>)new object?[] { $"View {v.Key}", v.Value }));
        rows.Add(new object?[] { "Training spec hash", lineage.SpecHash });
        rows.Add(new object?[] { "Seed", lineage.Seed });
        rows.Add(new object?[] { "Code version", lineage.CodeVersion });
        rows.Add(new object?[] { "Parent run", lineage.ParentRun ?? "none (first training)" });
        Html.Table(html, ["", "Value"], rows);

        Section(html, "features", "Features");
        Html.Table(html, ["Feature", "Type", "Description"], card.Features.Select(f => (IReadOnlyList<object?>)[f.Name, f.Type.Name(), f.Description]));

        Section(html, "metrics", "Metrics");
        Html.Table(html, card.ChampionMetrics is null ? ["Metric", "Value"] : ["Metric", "Value", "Champion"],
            card.Metrics.Select(m => card.ChampionMetrics is { } champion
                ? (IReadOnlyList<object?>)[MetricNames.Display(m.Key), m.Value, champion.TryGetValue(m.Key, out var c) ? c : null]
                : [MetricNames.Display(m.Key), m.Value]));

        Section(html, "fairness", "Fairness");
        html.Append("<p>").Append(Html.Escape(card.FairnessSummary)).Append("</p>\n");
        FairnessHtml.Append(html, card.Fairness);

        Section(html, "gates", "Gate outcomes");
        html.Append("<p class=\"meta\">Evaluated ").Append(Html.Time(card.GatesEvaluatedAt))
            .Append(card.GateReportSha256 is null ? "" : $"; gate report stored as sha256 {Html.Escape(card.GateReportSha256)}").Append("</p>\n");
        Html.Table(html, ["Gate", "Verdict", "Summary"], card.Gates.Select(g => (IReadOnlyList<object?>)[g.Gate, Html.Raw(Html.Badge(g.Verdict)), g.Summary]));

        Section(html, "limitations", "Limitations");
        if (card.Limitations.Count == 0)
        {
            html.Append("<p>None stated.</p>\n");
        }
        else
        {
            html.Append("<ul>\n");
            foreach (var limitation in card.Limitations)
            {
                html.Append("<li>").Append(Html.Escape(limitation)).Append("</li>\n");
            }
            html.Append("</ul>\n");
        }
        return Html.Page($"Model card: {card.ModelName} {card.Version}", html.ToString());
    }

    private static void Section(StringBuilder html, string id, string title) =>
        html.Append("<h2 id=\"").Append(id).Append("\">").Append(Html.Escape(title)).Append("</h2>\n");

    private static void Paragraphs(StringBuilder html, string text)
    {
        foreach (var paragraph in text.Split(["\r\n\r\n", "\n\n"], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            html.Append("<p>").Append(Html.Escape(paragraph)).Append("</p>\n");
        }
    }

    private static string Range(DateTimeOffset? time) => time is { } t ? Html.Time(t) : "–";
}
