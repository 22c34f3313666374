using System.Globalization;
using System.Text;
using System.Text.Json;
using Keel.Gates;
using Keel.Gates.Reports;

namespace Keel.Governance;

/// <summary>
/// The governance answer as one self-contained HTML page (inline CSS and SVG, no scripts, no external
/// assets), built from the same parts as Keel's other reports, so it can be filed with a case or sent to
/// the person the decision concerns.
/// </summary>
public static class GovernanceAnswerHtml
{
    public static string Render(GovernanceAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var p = answer.Prediction;
        var html = new StringBuilder();
        html.Append("<h1>Prediction ").Append(Html.Escape(answer.PredictionId)).Append("</h1>\n");
        html.Append("<p class=\"meta\">").Append(Html.Escape(p.Model)).Append(" version ").Append(p.Version.ToString(CultureInfo.InvariantCulture))
            .Append(" (").Append(Html.Escape(p.Variant)).Append(p.Shadow ? ", shadow" : "").Append(") · tenant ").Append(Html.Escape(answer.Tenant))
            .Append(" · predicted ").Append(Html.Time(p.Time)).Append(" · answered ").Append(Html.Time(answer.AnsweredAt)).Append("</p>\n");
        Problems(html, answer.Problems);

        html.Append("<h2>Prediction</h2>\n");
        Html.Table(html, ["Fact", "Value"],
        [
            ["Entity", p.Entity], ["Score", p.Score], ["Label", p.Label is { } label ? Text(label) : null], ["Trace", p.TraceParent],
        ]);
        Html.Table(html, ["Feature", "Value given to the model"], p.Features.Select(f => (IReadOnlyList<object?>)[f.Key, Text(f.Value)]));

        Explanation(html, answer.Explanation);
        Version(html, answer.Version);
        Gates(html, answer.Gates);
        Approval(html, answer.Approval);
        Audit(html, answer.Audit);
        return Html.Page($"Governance of prediction {answer.PredictionId}", html.ToString());
    }

    private static void Problems(StringBuilder html, IReadOnlyList<string> problems)
    {
        if (problems.Count == 0)
        {
            return;
        }
        html.Append("<h2>What could not be established</h2>\n<ul>");
        foreach (var problem in problems)
        {
            html.Append("<li>").Append(Html.Escape(problem)).Append("</li>");
        }
        html.Append("</ul>\n");
    }

    private static void Explanation(StringBuilder html, ExplanationFacts? explanation)
    {
        html.Append("<h2>Why: the features' contributions</h2>\n");
        if (explanation is null)
        {
            html.Append("<p>No explanation is available (see above).</p>\n");
            return;
        }
        html.Append("<p class=\"meta\">").Append(explanation.Source == ExplanationSources.Logged ? "Computed when the prediction was made" : "Computed now from the logged feature values, as of the prediction's time")
            .Append(" · ").Append(Html.Escape(explanation.Method)).Append(" · expected value ").Append(Html.Number(explanation.ExpectedValue))
            .Append(" + Σ contributions = raw score ").Append(Html.Number(explanation.RawScore));
        if (explanation.Probability is { } probability)
        {
            html.Append(" · probability ").Append(Html.Number(probability));
        }
        html.Append("</p>\n<div class=\"charts\"><figure>").Append(ContributionChart.Render(explanation.Contributions))
            .Append("<figcaption>Each feature's contribution to the raw score, largest first: to the right raises it, to the left lowers it.</figcaption></figure></div>\n");
        Html.Table(html, ["Feature", "Value", "Contribution"],
            explanation.Contributions.OrderByDescending(c => Math.Abs(c.Contribution)).Select(c => (IReadOnlyList<object?>)[c.Feature, Text(c.Value), c.Contribution]));
    }

    private static void Version(StringBuilder html, VersionFacts? version)
    {
        html.Append("<h2>How the version was built</h2>\n");
        if (version is null)
        {
            html.Append("<p>The version is not in the registry.</p>\n");
            return;
        }
        var lineage = version.Lineage;
        Html.Table(html, ["Fact", "Value"],
        [
            ["Training data (dataset snapshot SHA-256)", version.TrainingDataHash], ["Rows", lineage.RowCount],
            ["Event time", $"{lineage.From:O} – {lineage.To:O}"], ["Feature service", lineage.FeatureService],
            ["Feature views", string.Join(", ", lineage.FeatureViews.Select(v => $"{v.Key}@{v.Value}"))], ["Training spec SHA-256", lineage.TrainingSpecHash],
            ["Seed", lineage.Seed], ["Code version", lineage.CodeVersion], ["Training run", version.RunId], ["ONNX SHA-256", version.OnnxSha256],
            ["Registered by", version.CreatedBy], ["Registered", Html.Raw(Html.Time(version.CreatedAt))], ["Stage now", version.Stage],
        ]);
    }

    private static void Gates(StringBuilder html, GateFacts? gates)
    {
        html.Append("<h2>Gates</h2>\n");
        if (gates is null)
        {
            html.Append("<p>The version carries no gate report.</p>\n");
            return;
        }
        html.Append("<p class=\"meta\">").Append(Badge(gates.Verdict)).Append(" evaluated ").Append(Html.Time(gates.EvaluatedAt))
            .Append(" · report ").Append(Html.Escape(gates.ReportSha256)).Append("</p>\n");
        Html.Table(html, ["Gate", "Verdict", "Summary"], gates.Gates.Select(g => (IReadOnlyList<object?>)[g.Gate, Html.Raw(Badge(g.Verdict)), g.Summary]));
    }

    private static void Approval(StringBuilder html, ApprovalFacts? approval)
    {
        html.Append("<h2>Who asked for it and who approved it</h2>\n");
        if (approval is null)
        {
            html.Append("<p>Nothing is recorded.</p>\n");
            return;
        }
        Html.Table(html, ["Fact", "Value"],
        [
            ["Approval", approval.Status], ["Requested by", approval.RequestedBy], ["Requested", When(approval.RequestedAt)],
            ["Approved by", approval.ApprovedBy], ["Approved", When(approval.ApprovedAt)], ["Comment", approval.Comment],
            ["Put in Production by", approval.DeployedBy], ["Put in Production", When(approval.DeployedAt)],
            ["Refused attempts", approval.Refused.Count == 0 ? "none" : string.Join("; ", approval.Refused)],
            ["Read from", string.Join("; ", approval.Sources)],
        ]);
    }

    private static void Audit(StringBuilder html, IReadOnlyList<AuditFact> audit)
    {
        html.Append("<h2>Audit trail of the version</h2>\n");
        Html.Table(html, ["Sequence", "Time", "Actor", "Action", "Details"],
            audit.Select(e => (IReadOnlyList<object?>)[e.Sequence, Html.Raw(Html.Time(e.Time)), e.Actor, e.Action, e.Details.GetRawText()]));
    }

    private static string Badge(string verdict) =>
        Enum.TryParse<GateVerdict>(verdict, ignoreCase: true, out var parsed) ? Html.Badge(parsed) : Html.Escape(verdict);

    private static object? When(DateTimeOffset? time) => time is { } t ? Html.Raw(Html.Time(t)) : null;

    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Null or JsonValueKind.Undefined => "(missing)",
        _ => value.GetRawText(),
    };
}
