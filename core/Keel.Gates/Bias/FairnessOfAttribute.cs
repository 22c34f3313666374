
namespace Keel.Gates.Bias;

/// <summary>The rates of one attribute's groups, the disparity measures over them and the checks against the thresholds.</summary>
internal static class FairnessOfAttribute
{
    public static (AttributeFairness Finding, IReadOnlyList<GateCheck> Checks) Measure(
        ProtectedAttribute attribute, AttributeGrouping grouping, bool[] favourablePrediction, bool[] favourableTruth, BiasOptions options)
    {
        var groups = grouping.Groups.Select(group => Rates(group, grouping, favourablePrediction, favourableTruth, options.MinGroupSize)).ToArray();
        var included = groups.Where(g => g.Included).ToArray();
        var includedEo = groups.Where(g => g.IncludedInEqualOpportunity).ToArray();
        var name = attribute.Name;
        var checks = new List<GateCheck>();

        double? parity = null, impact = null, opportunity = null, reference = null;
        if (included.Length < 2)
        {
            var reason = $"{name}: fewer than two groups with at least {options.MinGroupSize} rows; selection rates not compared";
            checks.Add(GateCheck.Skip("demographic_parity_difference", name, reason));
            checks.Add(GateCheck.Skip("disparate_impact", name, reason));
        }
        else
        {
            // Ordered, so that with tied rates the two ends are still two different groups.
            var ordered = included.OrderBy(g => g.SelectionRate).ToArray();
            var (low, high) = (ordered[0], ordered[^1]);
            parity = high.SelectionRate - low.SelectionRate;
            // When no group gets the favourable outcome the rates are equal (all zero): no disparity to report.
            impact = high.SelectionRate == 0 ? 1 : low.SelectionRate / high.SelectionRate;
            reference = options.MinDisparateImpact * high.SelectionRate;
            var between = $"selection rate {Rate(low.SelectionRate)} for '{low.Group}' against {Rate(high.SelectionRate)} for '{high.Group}'";
            if (options.MinDisparateImpact is { } minImpact)
            {
                checks.Add(With(GateCheck.Compare("disparate_impact", name, impact.Value, Comparison.AtLeast, minImpact, $"{name}: disparate impact"), between));
            }
            if (options.MaxDemographicParityDifference is { } maxParity)
            {
                checks.Add(With(GateCheck.Compare("demographic_parity_difference", name, parity.Value, Comparison.AtMost, maxParity, $"{name}: demographic parity difference"), between));
            }
        }

        if (options.MaxEqualOpportunityDifference is { } maxOpportunity)
        {
            if (includedEo.Length < 2)
            {
                checks.Add(GateCheck.Skip("equal_opportunity_difference", name,
                    $"{name}: fewer than two groups with at least {options.MinGroupSize} truly favourable rows; equal opportunity not compared"));
            }
            else
            {
                var ordered = includedEo.OrderBy(g => g.TruePositiveRate!.Value).ToArray();
                var (low, high) = (ordered[0], ordered[^1]);
                opportunity = high.TruePositiveRate!.Value - low.TruePositiveRate!.Value;
                var between = $"true favourable rate {Rate(low.TruePositiveRate.Value)} for '{low.Group}' against {Rate(high.TruePositiveRate.Value)} for '{high.Group}'";
                checks.Add(With(GateCheck.Compare("equal_opportunity_difference", name, opportunity.Value, Comparison.AtMost, maxOpportunity, $"{name}: equal opportunity difference"), between));
            }
        }
        else if (includedEo.Length >= 2)
        {
            opportunity = includedEo.Max(g => g.TruePositiveRate!.Value) - includedEo.Min(g => g.TruePositiveRate!.Value);
        }

        var finding = new AttributeFairness
        {
            Attribute = name,
            Type = attribute.Type,
            Grouping = grouping.Description,
            Favourable = options.Favourable,
            Groups = groups,
            DemographicParityDifference = parity,
            EqualOpportunityDifference = opportunity,
            DisparateImpactRatio = impact,
            ReferenceSelectionRate = reference,
            Verdict = GateResult.Combine(checks),
        };
        return (finding, checks);
    }

    private static GroupRates Rates(string group, AttributeGrouping grouping, bool[] favourablePrediction, bool[] favourableTruth, int minGroupSize)
    {
        int rows = 0, selected = 0, truly = 0, trulySelected = 0;
        for (var i = 0; i < favourablePrediction.Length; i++)
        {
            if (grouping.GroupOfRow[i] != group)
            {
                continue;
            }
            rows++;
            if (favourablePrediction[i]) selected++;
            if (favourableTruth[i])
            {
                truly++;
                if (favourablePrediction[i]) trulySelected++;
            }
        }
        var included = rows >= minGroupSize;
        var includedEo = truly >= minGroupSize;
        return new GroupRates
        {
            Group = group,
            Rows = rows,
            FavourableRows = truly,
            SelectionRate = (double)selected / rows,
            TruePositiveRate = truly == 0 ? null : (double)trulySelected / truly,
            Included = included,
            IncludedInEqualOpportunity = includedEo,
            Note = !included ? $"excluded: {rows} rows, fewer than {minGroupSize}"
                : !includedEo ? $"excluded from equal opportunity: {truly} truly favourable rows, fewer than {minGroupSize}"
                : null,
        };
    }

    private static GateCheck With(GateCheck check, string detail) => check with { Message = $"{check.Message}: {detail}" };

    private static string Rate(double value) => value.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
}
