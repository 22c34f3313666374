using Keel.Features.Definitions;
using Keel.Gates.Schema;

namespace Keel.Gates.Tests;

public class SchemaGateTests
{
    private static readonly SchemaGate Gate = new();

    private static GateContext Context(IReadOnlyList<ModelInput>? inputs, IReadOnlyList<ServiceFeature>? service = null) => new()
    {
        ModelName = "credit_model",
        ModelVersion = "1",
        Holdout = Holdout.Binary([true, false], [0.8, 0.2]),
        ServiceSchema = service ?? SampleSchema.Service,
        ModelInputs = inputs,
    };

    [Fact]
    public async Task Equal_schemas_in_any_order_pass()
    {
        var result = await Gate.EvaluateAsync(Context(SampleSchema.Model), CancellationToken.None);

        Assert.Equal(GateVerdict.Pass, result.Verdict);
        Assert.Equal("the model's 4 inputs match the feature service's 4 features, types included", result.Summary);
        Assert.All(result.Schema!, row => Assert.Equal(SchemaMatch.Match, row.Match));
        Assert.Equal(["Seniority", "Income", "Home", "debt_ratio"], result.Schema!.Select(r => r.Feature));
    }

    [Fact]
    public async Task A_missing_feature_fails_naming_it()
    {
        var inputs = SampleSchema.Model.Where(i => i.Name != "Income").ToArray();

        var result = await Gate.EvaluateAsync(Context(inputs), CancellationToken.None);

        Assert.Equal(GateVerdict.Fail, result.Verdict);
        Assert.Equal("feature 'Income' is int64 in the feature service but not an input of the model", result.Summary);
        Assert.Equal(SchemaMatch.Missing, result.Schema!.Single(r => r.Feature == "Income").Match);
    }

    [Fact]
    public async Task A_type_mismatch_fails_naming_the_feature_and_both_types()
    {
        var inputs = SampleSchema.Model.Select(i => i.Name == "Income" ? i with { Type = FeatureType.String } : i).ToArray();

        var result = await Gate.EvaluateAsync(Context(inputs), CancellationToken.None);

        Assert.Equal(GateVerdict.Fail, result.Verdict);
        Assert.Equal("feature 'Income' is int64 in the feature service but string in the model", result.Summary);
        var row = result.Schema!.Single(r => r.Feature == "Income");
        Assert.Equal((FeatureType.Int64, FeatureType.String, SchemaMatch.TypeMismatch), (row.ServiceType!.Value, row.ModelType!.Value, row.Match));
    }

    [Fact]
    public async Task Every_offending_feature_is_named_extra_inputs_and_case_slips_included()
    {
        ModelInput[] inputs =
        [
            new("income", FeatureType.Int64),
            new("Seniority", FeatureType.Double),
            new("Home", FeatureType.String),
            new("debt_ratio", FeatureType.Double),
            new("Zip", FeatureType.String),
        ];

        var result = await Gate.EvaluateAsync(Context(inputs), CancellationToken.None);

        Assert.Equal(GateVerdict.Fail, result.Verdict);
        Assert.Equal(
            "feature 'Seniority' is int64 in the feature service but double in the model; "
            + "feature 'Income' is int64 in the feature service but not an input of the model (the model has 'income', which differs only in case); "
            + "model input 'income' (int64) is not a feature of the feature service; "
            + "model input 'Zip' (string) is not a feature of the feature service",
            result.Summary);
        Assert.Equal(4, result.Measurements["mismatches"]);
    }

    [Fact]
    public async Task A_feature_named_twice_fails()
    {
        var result = await Gate.EvaluateAsync(Context([.. SampleSchema.Model, new ModelInput("Home", FeatureType.String)]), CancellationToken.None);

        Assert.Equal(GateVerdict.Fail, result.Verdict);
        Assert.Equal("feature 'Home' is listed twice in the model's inputs", result.Summary);
    }

    [Fact]
    public async Task An_unknown_signature_fails_rather_than_passes()
    {
        var result = await Gate.EvaluateAsync(Context(null), CancellationToken.None);

        Assert.Equal(GateVerdict.Fail, result.Verdict);
        Assert.Equal("the model's input signature was not given, so the model's inputs cannot be checked", result.Summary);
    }

    [Fact]
    public void Model_inputs_parse_type_names_the_training_side_reports()
    {
        Assert.Equal(new ModelInput("Income", FeatureType.Int64), ModelInput.Parse("Income", "long"));
        Assert.Equal(new ModelInput("Ratio", FeatureType.Double), ModelInput.Parse("Ratio", "float"));
        var error = Assert.Throws<ArgumentException>(() => ModelInput.Parse("Blob", "bytes"));
        Assert.Equal("model input 'Blob': 'bytes' is not a feature type (int64, double, string, bool, timestamp)", error.Message);
    }
}
