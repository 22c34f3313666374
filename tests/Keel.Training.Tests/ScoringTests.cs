using Keel.Features.Definitions;
using Keel.Training;

namespace Keel.Training.Tests;

/// <summary>Scoring rows the model never saw the like of: missing values, unseen and empty categories, bad input.</summary>
public sealed class ScoringTests
{
    private static readonly DateTimeOffset AsOf = Synthetic.Start.AddDays(400);

    [Theory]
    [InlineData(ModelType.LightGbm)]
    [InlineData(ModelType.FastTree)]
    [InlineData(ModelType.Sdca)]
    public async Task Missing_values_and_unseen_categories_score_alike_in_mlnet_and_onnx(ModelType type)
    {
        var set = Synthetic.Binary(1500);
        var model = await ModelTrainer.TrainAsync(set, Synthetic.Spec(type));
        var mlNet = new MlNetScorer(model.MlNetZipBytes);
        using var onnx = new OnnxScorer(model.OnnxBytes);

        var known = Synthetic.Row(set, 0);
        known["region"] = "north";
        var allMissing = known.ToDictionary(p => p.Key, _ => (object?)null);
        var unseen = new Dictionary<string, object?>(known) { ["region"] = "atlantis", ["gender"] = "x" };
        var otherUnseen = new Dictionary<string, object?>(known) { ["region"] = "mars", ["gender"] = "y" };
        var missingRegion = new Dictionary<string, object?>(known) { ["region"] = null };
        var emptyRegion = new Dictionary<string, object?>(known) { ["region"] = "" };
        var nonFinite = new Dictionary<string, object?>(known) { ["income"] = double.NaN, ["debt"] = null };
        IReadOnlyDictionary<string, object?>[] rows = [known, allMissing, unseen, otherUnseen, missingRegion, emptyRegion, nonFinite];

        var byMlNet = mlNet.Score(rows, AsOf);
        var byOnnx = onnx.Score(rows, AsOf);

        Assert.All(byMlNet, p => Assert.InRange(p, 0f, 1f));
        Assert.All(byOnnx, p => Assert.InRange(p, 0f, 1f));
        for (var i = 0; i < rows.Length; i++)
        {
            Assert.True(Math.Abs(byMlNet[i] - byOnnx[i]) <= 1e-5, $"row {i}: ML.NET {byMlNet[i]}, ONNX {byOnnx[i]}");
        }
        // Unseen categories are all zeros, whatever they are; missing and empty are the same category.
        Assert.Equal(byOnnx[2], byOnnx[3]);
        Assert.Equal(byOnnx[4], byOnnx[5]);
        Assert.Equal(byOnnx[0], onnx.Score(known, AsOf));
    }

    [Fact]
    public async Task Bad_rows_are_rejected_with_the_feature_named()
    {
        var set = Synthetic.Binary(1000);
        var model = await ModelTrainer.TrainAsync(set, Synthetic.Spec());
        using var onnx = new OnnxScorer(model.OnnxBytes);
        var row = Synthetic.Row(set, 1);

        var misspelt = new Dictionary<string, object?>(row);
        misspelt.Remove("income");
        misspelt["incme"] = 1000.0;
        Assert.Contains("'income'", Assert.Throws<ArgumentException>(() => onnx.Score(misspelt, AsOf)).Message);

        var wrongType = new Dictionary<string, object?>(row) { ["income"] = "a lot" };
        Assert.Contains("'income'", Assert.Throws<ArgumentException>(() => onnx.Score(wrongType, AsOf)).Message);

        var numberForCategory = new Dictionary<string, object?>(row) { ["region"] = 3L };
        Assert.Contains("'region'", Assert.Throws<ArgumentException>(() => onnx.Score(numberForCategory, AsOf)).Message);

        var withTimestamp = new Dictionary<string, object?>(row) { ["opened_at"] = AsOf.AddDays(-10) };
        Assert.Contains("'opened_at'", Assert.Throws<ArgumentException>(() => onnx.Score(withTimestamp)).Message);
    }

    [Fact]
    public async Task A_timestamp_feature_is_its_age_at_the_scoring_time()
    {
        var set = Synthetic.Binary(1500);
        var model = await ModelTrainer.TrainAsync(set, Synthetic.Spec());
        using var onnx = new OnnxScorer(model.OnnxBytes);
        var row = Synthetic.Row(set, 2);
        row["opened_at"] = AsOf.AddDays(-200);

        // The same age gives the same score whenever it is scored.
        var later = new Dictionary<string, object?>(row) { ["opened_at"] = AsOf.AddDays(365 - 200) };
        Assert.Equal(onnx.Score(row, AsOf), onnx.Score(later, AsOf.AddDays(365)));
    }

    [Fact]
    public async Task The_signature_maps_every_feature_to_an_onnx_input_and_keeps_protected_attributes()
    {
        var set = Synthetic.Binary(1000);
        var model = await ModelTrainer.TrainAsync(set, Synthetic.Spec());

        var expected = set.Frame.Columns.Where(c => c.Name != "defaulted").Select(c => c.Name).Order().ToArray();
        Assert.Equal(expected, model.Features.Select(f => f.Name).Order().ToArray());
        Assert.Equal(expected, model.InputSignature.Select(i => i.Name).Order().ToArray());
        foreach (var feature in model.Features)
        {
            var input = Assert.Single(model.InputSignature, i => i.Name == feature.OnnxInput);
            Assert.Equal(feature.OnnxElementType, input.ElementType);
            Assert.Equal([-1L, 1L], input.Shape);
            Assert.Equal(feature.Type == FeatureType.String ? "string" : "float", input.ElementType);
            Assert.Equal(set.Frame.Column(feature.Name).Type, feature.Type);
        }
        Assert.Equal(["age", "gender"], model.ProtectedInputs.Order().ToArray());
        Assert.All(model.HoldoutPredictions, p =>
        {
            Assert.Equal(set.Frame.Column("age").Values[p.Row], p.ProtectedValues["age"]);
            Assert.Equal(set.Frame.EntityKeys[p.Row], p.EntityKey);
            Assert.Equal(set.Frame.Column("defaulted").Values[p.Row] as string == "yes" ? 1.0 : 0.0, p.Label);
            Assert.Equal(p.Score > 0, p.PredictedLabel);
        });
    }
}
