using Keel.Features.Definitions;
using Keel.Gates.Bias;
using Keel.Gates.Settings;

namespace Keel.Gates.Tests;

public class BiasGateTests
{
    private static readonly BiasGate Gate = new();

    [Fact]
    public async Task A_model_whose_label_depends_on_age_fails_naming_the_attribute_and_the_groups()
    {
        var data = SyntheticCredit.Create(8000, seed: 21, labelDependsOnAge: true);

        var result = await Gate.EvaluateAsync(data.Context(), CancellationToken.None);

        Assert.Equal(GateVerdict.Fail, result.Verdict);
        Assert.StartsWith("Age: disparate impact", result.Summary);
        Assert.Contains("'< 25'", result.Summary);
        var age = result.Fairness!.Single(f => f.Attribute == "Age");
        Assert.Equal(GateVerdict.Fail, age.Verdict);
        Assert.True(age.DisparateImpactRatio < 0.8);
        Assert.True(age.DemographicParityDifference > 0.1);
        // Marital status plays no part in the label, so that attribute passes on its own.
        Assert.Equal(GateVerdict.Pass, result.Fairness!.Single(f => f.Attribute == "Marital").Verdict);
    }

    [Fact]
    public async Task A_fair_model_passes()
    {
        var data = SyntheticCredit.Create(8000, seed: 22, labelDependsOnAge: false);

        var result = await Gate.EvaluateAsync(data.Context(), CancellationToken.None);

        Assert.Equal(GateVerdict.Pass, result.Verdict);
        Assert.Equal("no disparity beyond the thresholds for Age, Marital", result.Summary);
        Assert.All(result.Fairness!, f => Assert.True(f.DisparateImpactRatio >= 0.8));
        Assert.Equal(6, result.Checks.Count);
        Assert.True(result.Measurements["Age.disparate_impact_ratio"] >= 0.8);
    }

    [Fact]
    public async Task The_biased_model_is_not_registrable_and_the_fair_one_is()
    {
        var runner = new GateRunner([new BiasGate()]);

        var biased = await runner.RunAsync(SyntheticCredit.Create(8000, seed: 23, labelDependsOnAge: true).Context(), CancellationToken.None);
        var fair = await runner.RunAsync(SyntheticCredit.Create(8000, seed: 23, labelDependsOnAge: false).Context(), CancellationToken.None);

        Assert.False(biased.Passed);
        Assert.Equal("bias", Assert.Single(biased.Failures).Gate);
        Assert.True(biased.BlocksStage("Staging"));
        Assert.True(biased.BlocksStage("production"));
        Assert.False(biased.BlocksStage("None"));
        Assert.True(fair.Passed);
        Assert.False(fair.BlocksStage("Production"));
    }

    [Fact]
    public void Age_is_bucketed_at_the_default_bands_with_missing_values_in_their_own_group()
    {
        var attribute = new ProtectedAttribute("Age", FeatureType.Int64, [18L, 24L, 25L, 34L, 35L, 50L, 64L, 65L, 90L, null, 40.5]);

        var grouping = AttributeGrouping.Of(attribute, null, 4);

        Assert.Equal(["< 25", "< 25", "[25, 35)", "[25, 35)", "[35, 45)", "[45, 55)", "[55, 65)", "≥ 65", "≥ 65", "(missing)", "[35, 45)"], grouping.GroupOfRow);
        Assert.Equal(["< 25", "[25, 35)", "[35, 45)", "[45, 55)", "[55, 65)", "≥ 65", "(missing)"], grouping.Groups);
        Assert.Equal("age bands at 25, 35, 45, 55, 65", grouping.Description);
    }

    [Theory]
    [InlineData("Age", true)]
    [InlineData("applicant_age", true)]
    [InlineData("AgeAtApplication", true)]
    [InlineData("AGE", true)]
    [InlineData("Mileage", false)]
    [InlineData("Page", false)]
    public void Names_read_as_age_by_their_words(string name, bool expected)
    {
        Assert.Equal(expected, AttributeGrouping.NamedLikeAge(name));
    }

    [Fact]
    public void Other_numeric_attributes_get_quantile_buckets_and_configured_ones_their_edges()
    {
        var values = Enumerable.Range(1, 400).Select(i => (object?)(double)i).ToArray();
        var income = new ProtectedAttribute("Income", FeatureType.Double, values);

        var quartiles = AttributeGrouping.Of(income, null, 4);
        Assert.Equal(4, quartiles.Groups.Count);
        Assert.All(quartiles.Groups, g => Assert.Equal(100, quartiles.GroupOfRow.Count(r => r == g)));

        var fifths = AttributeGrouping.Of(income, BucketSpec.QuantilesOf(5), 4);
        Assert.Equal(5, fifths.Groups.Count);

        var edges = AttributeGrouping.Of(income, BucketSpec.AtEdges(100, 300), 4);
        Assert.Equal(["< 100", "[100, 300)", "≥ 300"], edges.Groups);

        var ageInQuantiles = AttributeGrouping.Of(income with { Name = "age" }, BucketSpec.QuantilesOf(2), 4);
        Assert.Equal(["< 201", "≥ 201"], ageInQuantiles.Groups);
    }

    [Fact]
    public async Task Buckets_come_from_the_settings()
    {
        var data = SyntheticCredit.Create(2000, seed: 24, labelDependsOnAge: false);
        var settings = Spec.Of("bias", ("buckets", new Dictionary<object, object> { ["Age"] = new List<object> { "40" } }));

        var result = await Gate.EvaluateAsync(data.Context(settings), CancellationToken.None);

        Assert.Equal(["< 40", "≥ 40"], result.Fairness!.Single(f => f.Attribute == "Age").Groups.Select(g => g.Group));
    }

    [Fact]
    public async Task Small_groups_are_reported_but_do_not_decide_the_verdict()
    {
        var data = SyntheticCredit.Create(4000, seed: 25, labelDependsOnAge: false);
        // Twelve applicants of a rare status all get the unfavourable decision.
        var scores = data.Holdout.Scores.ToArray();
        var marital = data.Attributes[1].Values.ToArray();
        for (var i = 0; i < 12; i++)
        {
            marital[i] = "separated";
            scores[i] = 0.99;
        }
        var context = data.Context() with
        {
            Holdout = Holdout.Binary(data.Holdout.BinaryLabels!, scores),
            ProtectedAttributes = [data.Attributes[0], data.Attributes[1] with { Values = marital }],
        };

        var result = await Gate.EvaluateAsync(context, CancellationToken.None);

        Assert.Equal(GateVerdict.Pass, result.Verdict);
        var separated = result.Fairness!.Single(f => f.Attribute == "Marital").Groups.Single(g => g.Group == "separated");
        Assert.Equal(12, separated.Rows);
        Assert.Equal(0, separated.SelectionRate);
        Assert.False(separated.Included);
        Assert.Equal("excluded: 12 rows, fewer than 30", separated.Note);

        var strict = await Gate.EvaluateAsync(context with { Settings = Spec.Of("bias", ("min_group_size", 10)) }, CancellationToken.None);
        Assert.Equal(GateVerdict.Fail, strict.Verdict);
        Assert.Contains("Marital: disparate impact 0 < 0.8 (minimum): selection rate 0 for 'separated'", strict.Summary);
    }

    [Fact]
    public async Task The_favourable_outcome_decides_which_prediction_is_selected()
    {
        var context = new GateContext
        {
            ModelName = "m",
            ModelVersion = "1",
            Holdout = Holdout.Binary([true, false, false, true], [0.9, 0.2, 0.7, 0.1]),
            ProtectedAttributes = [new ProtectedAttribute("Group", FeatureType.String, ["a", "a", "b", "b"])],
        };
        var negative = await Gate.EvaluateAsync(context with { Settings = Spec.Of("bias", ("min_group_size", 1)) }, CancellationToken.None);
        var positive = await Gate.EvaluateAsync(context with { Settings = Spec.Of("bias", ("min_group_size", 1), ("favourable", "positive")) }, CancellationToken.None);

        // Negative favourable: a selects 1 of 2 (0.2), b selects 1 of 2 (0.1); truly favourable rows are
        // the false labels — a's (0.2) is selected, b's (0.7) is not.
        var a = negative.Fairness![0].Groups[0];
        Assert.Equal(FavourableOutcome.Negative, negative.Fairness[0].Favourable);
        Assert.Equal((0.5, 1, 1.0), (a.SelectionRate, a.FavourableRows, a.TruePositiveRate!.Value));
        Assert.Equal(0.0, negative.Fairness[0].Groups[1].TruePositiveRate);
        // Positive favourable: the true labels are the favourable ones — a's (0.9) is selected, b's (0.1) is not.
        Assert.Equal(1.0, positive.Fairness![0].Groups[0].TruePositiveRate);
        Assert.Equal(0.0, positive.Fairness[0].Groups[1].TruePositiveRate);
        Assert.Equal(1.0, positive.Fairness[0].EqualOpportunityDifference);
    }

    [Fact]
    public async Task Without_protected_attributes_or_for_regression_the_gate_is_skipped_with_the_reason()
    {
        var data = SyntheticCredit.Create(100, seed: 26, labelDependsOnAge: false);

        var none = await Gate.EvaluateAsync(data.Context() with { ProtectedAttributes = [] }, CancellationToken.None);
        Assert.Equal(GateVerdict.Skipped, none.Verdict);
        Assert.Equal("no protected attributes are declared for the dataset", none.Summary);

        var regression = await Gate.EvaluateAsync(new GateContext { ModelName = "m", ModelVersion = "1", Holdout = Holdout.Regression([1.0], [1.0]) }, CancellationToken.None);
        Assert.Equal(GateVerdict.Skipped, regression.Verdict);
    }

    [Fact]
    public async Task Too_few_large_groups_skip_the_attribute_rather_than_pass_it()
    {
        var data = SyntheticCredit.Create(100, seed: 27, labelDependsOnAge: false);

        var result = await Gate.EvaluateAsync(data.Context(Spec.Of("bias", ("min_group_size", 80))), CancellationToken.None);

        Assert.Equal(GateVerdict.Skipped, result.Verdict);
        Assert.Contains("Age: fewer than two groups with at least 80 rows", result.Summary);
    }

    [Fact]
    public async Task Bad_bucket_settings_are_errors_naming_the_setting()
    {
        var data = SyntheticCredit.Create(100, seed: 28, labelDependsOnAge: false);

        var unknown = await Assert.ThrowsAsync<GateSettingsException>(() =>
            Gate.EvaluateAsync(data.Context(Spec.Of("bias", ("buckets", new Dictionary<string, object?> { ["Agee"] = 4 }))), CancellationToken.None));
        Assert.Equal("gates.bias.buckets.Agee: 'Agee' is not a protected attribute (Age, Marital)", unknown.Message);

        var categorical = await Assert.ThrowsAsync<GateSettingsException>(() =>
            Gate.EvaluateAsync(data.Context(Spec.Of("bias", ("buckets", new Dictionary<string, object?> { ["Marital"] = 3 }))), CancellationToken.None));
        Assert.Contains("'Marital' is categorical", categorical.Message);

        var decreasing = Assert.Throws<GateSettingsException>(() =>
            BiasOptions.Parse(new GateSettings("bias", new Dictionary<string, object?> { ["buckets"] = new Dictionary<string, object?> { ["Age"] = new[] { 40.0, 30.0 } } })));
        Assert.Equal("gates.bias.buckets.Age: edges must increase, but 30 follows 40", decreasing.Message);

        var favourable = Assert.Throws<GateSettingsException>(() =>
            BiasOptions.Parse(new GateSettings("bias", new Dictionary<string, object?> { ["favourable"] = "good" })));
        Assert.Equal("gates.bias.favourable: 'good' is not one of positive, negative", favourable.Message);
    }

    [Fact]
    public void A_non_numeric_value_of_a_numeric_attribute_is_named_with_its_row()
    {
        var attribute = new ProtectedAttribute("Age", FeatureType.Int64, [30L, "thirty"]);

        var error = Assert.Throws<ArgumentException>(() => AttributeGrouping.Of(attribute, null, 4));
        Assert.Equal("protected attribute 'Age' is int64 but row 1 holds thirty (String)", error.Message);
    }
}
