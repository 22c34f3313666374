using Keel.Training;

namespace Keel.Training.Tests;

/// <summary>
/// The same spec, data and seed must give the same model and metrics — retraining from lineage
/// depends on it — and the order rows arrive in must not matter.
/// </summary>
public sealed class DeterminismTests
{
    [Theory]
    [InlineData(ModelType.LightGbm)]
    [InlineData(ModelType.FastTree)]
    [InlineData(ModelType.Sdca)]
    public async Task Training_twice_gives_identical_metrics_and_onnx_scores(ModelType type)
    {
        var set = Synthetic.Binary(2000);
        var spec = Synthetic.Spec(type);

        var first = await ModelTrainer.TrainAsync(set, spec);
        var second = await ModelTrainer.TrainAsync(set, spec);

        Assert.Equal(first.Metrics, second.Metrics);
        Assert.Equal(first.HoldoutPredictions.Select(p => p.Output), second.HoldoutPredictions.Select(p => p.Output));
        Assert.Equal(OnnxScores(first), OnnxScores(second));
        Assert.Equal(first.OnnxBytes, second.OnnxBytes);
    }

    [Theory]
    [InlineData(ModelType.LightGbm)]
    [InlineData(ModelType.Sdca)]
    public async Task Row_order_changes_neither_the_split_nor_the_metrics(ModelType type)
    {
        var set = Synthetic.Binary(2000);
        var spec = Synthetic.Spec(type);

        var ordered = await ModelTrainer.TrainAsync(set, spec);
        var shuffled = await ModelTrainer.TrainAsync(Synthetic.Shuffled(set, seed: 7), spec);

        Assert.Equal(ordered.HoldoutPredictions.Select(p => p.EntityKey), shuffled.HoldoutPredictions.Select(p => p.EntityKey));
        Assert.Equal(ordered.Metrics, shuffled.Metrics);
        Assert.Equal(OnnxScores(ordered), OnnxScores(shuffled));
    }

    [Fact]
    public async Task A_different_seed_gives_a_different_split()
    {
        var set = Synthetic.Binary(2000);

        var a = await ModelTrainer.TrainAsync(set, Synthetic.Spec());
        var b = await ModelTrainer.TrainAsync(set, Synthetic.Spec() with { Seed = 7 });

        Assert.NotEqual(a.HoldoutPredictions.Select(p => p.EntityKey), b.HoldoutPredictions.Select(p => p.EntityKey));
    }

    [Fact]
    public async Task The_spec_recorded_in_lineage_rebuilds_the_model_with_the_same_metrics()
    {
        var set = CreditSample.Set;
        var original = await ModelTrainer.TrainAsync(set, CreditSample.Spec(ModelType.LightGbm), datasetHash: "sha256-of-the-parquet");

        // What `keel train --from-lineage` does: read the recorded spec back and train on the same snapshot.
        var recorded = TrainingSpecFile.ToJson(original.Spec);
        var rebuilt = await ModelTrainer.TrainAsync(set, TrainingSpecFile.Parse(recorded, "lineage.json"), datasetHash: original.Dataset.DatasetHash);

        Assert.Equal(original.SpecHash, rebuilt.SpecHash);
        Assert.Equal(original.Metrics, rebuilt.Metrics);
        Assert.Equal(original.HyperParameters, rebuilt.HyperParameters);
        Assert.Equal("sha256-of-the-parquet", rebuilt.Dataset.DatasetHash);
        Assert.Equal(OnnxScores(original, set.Frame), OnnxScores(rebuilt, set.Frame));
    }

    private static float[] OnnxScores(TrainedModel model, Keel.Features.Offline.FeatureFrame? frame = null)
    {
        using var scorer = new OnnxScorer(model.OnnxBytes);
        return scorer.Score(frame ?? Synthetic.Binary(300, seed: 42).Frame);
    }
}
