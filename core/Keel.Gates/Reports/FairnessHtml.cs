using System.Text;
using Keel.Gates.Bias;

namespace Keel.Gates.Reports;

/// <summary>The fairness section shared by the gate report and the model card: per attribute, the rate charts and the group table.</summary>
public static class FairnessHtml
{
    public static void Append(StringBuilder html, IReadOnlyList<AttributeFairness> attributes)
    {
        foreach (var attribute in attributes)
        {
            html.Append("<h3>").Append(Html.Escape(attribute.Attribute)).Append(' ').Append(Html.Badge(attribute.Verdict)).Append("</h3>\n");
            html.Append("<p class=\"meta\">Grouped ").Append(Html.Escape(attribute.Grouping))
                .Append("; the favourable outcome is ").Append(Favourable(attribute.Favourable))
                .Append(". Demographic parity difference ").Append(Html.Number(attribute.DemographicParityDifference))
                .Append(", equal opportunity difference ").Append(Html.Number(attribute.EqualOpportunityDifference))
                .Append(", disparate impact ratio ").Append(Html.Number(attribute.DisparateImpactRatio)).Append(".</p>\n");

            var selection = attribute.Groups.Select(g => new RateBar(g.Group, g.SelectionRate, g.Included, g.Note)).ToArray();
            var opportunity = attribute.Groups.Select(g => new RateBar(g.Group, g.TruePositiveRate, g.IncludedInEqualOpportunity, g.Note)).ToArray();
            html.Append("<div class=\"charts\">\n<figure>")
                .Append(SvgCharts.RateBars($"{attribute.Attribute}: selection rate", selection, attribute.ReferenceSelectionRate, "disparate-impact line"))
                .Append("<figcaption>Share of each group given the favourable prediction. Groups left of the dashed line fail the disparate-impact threshold; * marks groups too small to count.</figcaption></figure>\n<figure>")
                .Append(SvgCharts.RateBars($"{attribute.Attribute}: true favourable rate", opportunity, null, null))
                .Append("<figcaption>Share of each group's truly favourable rows given the favourable prediction (equal opportunity).</figcaption></figure>\n</div>\n");

            Html.Table(html, ["Group", "Rows", "Truly favourable", "Selection rate", "True favourable rate", "Counted", "Note"],
                attribute.Groups.Select(g => (IReadOnlyList<object?>)
                [
                    g.Group, g.Rows, g.FavourableRows, g.SelectionRate, g.TruePositiveRate,
                    g.Included ? (g.IncludedInEqualOpportunity ? "yes" : "selection rate only") : "no", g.Note,
                ]));
        }
    }

    private static string Favourable(FavourableOutcome outcome) => outcome == FavourableOutcome.Positive
        ? "the positive prediction (score at or above the threshold)"
        : "the negative prediction (score below the threshold)";
}
