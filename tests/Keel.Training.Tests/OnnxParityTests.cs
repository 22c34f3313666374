using Keel.Training;
using Xunit.Abstractions;

namespace Keel.Training.Tests;

/// <summary>The acceptance test: the ONNX export scores the holdout like the ML.NET model, within 1e-5, on at least 1,000 rows.</summary>
public sealed class OnnxParityTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(ModelType.LightGbm)]
    [InlineData(ModelType.FastTree)]
    [InlineData(ModelType.Sdca)]
    public async Task Onnx_matches_mlnet_on_the_credit_holdout(ModelType type)
    {
        // A quarter of the 4,454 applicants is held out: over 1,000 rows, 415 of the sample's rows have a missing value.
        var model = await ModelTrainer.TrainAsync(CreditSample.Set, CreditSample.Spec(type, holdoutFraction: 0.25));

        output.WriteLine($"{type}: AUC {model.Metrics[TrainingMetrics.Auc]:F4}, parity max |Δ| {model.OnnxParity.MaxAbsDiff:E2} over {model.OnnxParity.RowsCompared} rows, fit {model.TrainingTime.TotalMilliseconds:F0} ms");
        Assert.True(model.OnnxParity.RowsCompared >= 1000, $"{model.OnnxParity.RowsCompared} rows compared");
        Assert.Equal(model.HoldoutRows, model.OnnxParity.RowsCompared);
        Assert.Equal("Probability.output", model.OnnxParity.Output);
        Assert.True(model.OnnxParity.MaxAbsDiff <= 1e-5, $"max |Δ| {model.OnnxParity.MaxAbsDiff}");
        Assert.True(model.Metrics[TrainingMetrics.Auc] > 0.75, $"AUC {model.Metrics[TrainingMetrics.Auc]}");
    }

    [Theory]
    [InlineData(ModelType.LightGbm)]
    [InlineData(ModelType.FastTree)]
    [InlineData(ModelType.Sdca)]
    public async Task Onnx_matches_mlnet_on_a_synthetic_holdout_with_every_feature_type(ModelType type)
    {
        // Doubles, int64, categories, bools and timestamps, with missing values, 1,200 holdout rows.
        var model = await ModelTrainer.TrainAsync(Synthetic.Binary(6000), Synthetic.Spec(type));

        output.WriteLine($"{type}: AUC {model.Metrics[TrainingMetrics.Auc]:F4}, parity max |Δ| {model.OnnxParity.MaxAbsDiff:E2} over {model.OnnxParity.RowsCompared} rows");
        Assert.True(model.OnnxParity.RowsCompared >= 1000);
        Assert.True(model.OnnxParity.MaxAbsDiff <= 1e-5, $"max |Δ| {model.OnnxParity.MaxAbsDiff}");
    }

    [Fact]
    public async Task The_saved_mlnet_model_and_the_onnx_model_score_a_frame_alike()
    {
        var set = Synthetic.Binary(1500, seed: 5);
        var model = await ModelTrainer.TrainAsync(set, Synthetic.Spec());
        var mlNet = new MlNetScorer(model.MlNetZipBytes);
        using var onnx = new OnnxScorer(model.OnnxBytes);

        var parity = OnnxParity.Measure(mlNet, onnx, Synthetic.Binary(1200, seed: 99).Frame);

        Assert.Equal(1200, parity.RowsCompared);
        Assert.True(parity.MaxAbsDiff <= 1e-5, $"max |Δ| {parity.MaxAbsDiff}");
        var expected = model.HoldoutPredictions.Select(p => (float)p.Output).ToArray();
        var holdoutFrame = Subset(set, model.HoldoutPredictions.Select(p => p.Row).ToArray());
        Assert.Equal(expected, mlNet.Score(holdoutFrame));
    }

    private static Keel.Features.Offline.FeatureFrame Subset(Keel.Features.Offline.TrainingSet set, int[] rows) => new(
        rows.Select(r => set.Frame.EntityKeys[r]).ToArray(),
        rows.Select(r => set.Frame.Timestamps[r]).ToArray(),
        set.Frame.Columns.Select(c => c with { Values = rows.Select(r => c.Values[r]).ToArray() }).ToArray());
}
