using Keel.Gates.Settings;

namespace Keel.Gates.Bias;

/// <summary>
/// Compares the candidate's decisions across the groups of every protected attribute: demographic
/// parity difference and disparate impact ratio of the selection rates (the share given the
/// favourable prediction), and equal opportunity difference of the true favourable rates (the share
/// of truly favourable rows given the favourable prediction). Groups below the minimum size are
/// reported but do not count; the gate fails naming the attribute and the groups at either end.
/// </summary>
public sealed class BiasGate : IValidationGate
{
    public const string GateName = "bias";

    public string Name => GateName;

    public void ValidateSettings(GateSettings settings) => BiasOptions.Parse(settings);

    public Task<GateResult> EvaluateAsync(GateContext context, CancellationToken cancellationToken)
    {
        var options = BiasOptions.Parse(context.SettingsFor(Name));
        if (context.Holdout.BinaryLabels is not { } labels)
        {
            return Task.FromResult(GateResult.Skipped(Name, "bias is measured on a classifier's decisions; a regression model makes none"));
        }
        if (context.ProtectedAttributes.Count == 0)
        {
            return Task.FromResult(GateResult.Skipped(Name, "no protected attributes are declared for the dataset"));
        }
        foreach (var (attribute, _) in options.Buckets)
        {
            var declared = context.ProtectedAttributes.FirstOrDefault(a => a.Name == attribute)
                ?? throw new GateSettingsException(
                    $"gates.{Name}.{BiasOptions.BucketsKey}.{attribute}: '{attribute}' is not a protected attribute ({string.Join(", ", context.ProtectedAttributes.Select(a => a.Name))})");
            if (!AttributeGrouping.IsNumeric(declared.Type))
            {
                throw new GateSettingsException($"gates.{Name}.{BiasOptions.BucketsKey}.{attribute}: '{attribute}' is categorical; only numeric attributes are bucketed");
            }
        }

        var favourablePrediction = context.Holdout.Scores
            .Select(score => (score >= context.Threshold) == (options.Favourable == FavourableOutcome.Positive))
            .ToArray();
        var favourableTruth = labels.Select(label => label == (options.Favourable == FavourableOutcome.Positive)).ToArray();

        var checks = new List<GateCheck>();
        var findings = new List<AttributeFairness>();
        var measurements = new Dictionary<string, double>();
        foreach (var attribute in context.ProtectedAttributes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var grouping = AttributeGrouping.Of(attribute, options.Buckets.GetValueOrDefault(attribute.Name), options.QuantileBuckets);
            var (finding, attributeChecks) = FairnessOfAttribute.Measure(attribute, grouping, favourablePrediction, favourableTruth, options);
            findings.Add(finding);
            checks.AddRange(attributeChecks);
            Measure(measurements, attribute.Name, "demographic_parity_difference", finding.DemographicParityDifference);
            Measure(measurements, attribute.Name, "equal_opportunity_difference", finding.EqualOpportunityDifference);
            Measure(measurements, attribute.Name, "disparate_impact_ratio", finding.DisparateImpactRatio);
        }

        var attributes = string.Join(", ", context.ProtectedAttributes.Select(a => a.Name));
        return Task.FromResult(new GateResult
        {
            Gate = Name,
            Verdict = GateResult.Combine(checks),
            Summary = GateResult.Summarize(checks, $"no disparity beyond the thresholds for {attributes}"),
            Checks = checks,
            Measurements = measurements,
            Fairness = findings,
        });
    }

    private static void Measure(Dictionary<string, double> measurements, string attribute, string measure, double? value)
    {
        if (value is { } v)
        {
            measurements[$"{attribute}.{measure}"] = v;
        }
    }
}
