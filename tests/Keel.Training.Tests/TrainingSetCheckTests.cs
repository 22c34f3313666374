using Keel.Features.Definitions;
using Keel.Features.Offline;
using Keel.Training;

namespace Keel.Training.Tests;

/// <summary>A training set that does not fit its spec is refused before anything is trained, and the message says why.</summary>
public sealed class TrainingSetCheckTests
{
    [Fact]
    public async Task A_set_of_another_feature_service_is_refused()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            ModelTrainer.TrainAsync(Synthetic.Binary(200), Synthetic.Spec() with { FeatureService = "other_model" }));
        Assert.Contains("feature_service", error.Message);
    }

    [Fact]
    public async Task A_label_the_set_lacks_is_refused_listing_its_columns()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            ModelTrainer.TrainAsync(Synthetic.Binary(200), Synthetic.Spec() with { Label = "default_flag" }));
        Assert.Contains("default_flag", error.Message);
        Assert.Contains("income", error.Message);
    }

    [Fact]
    public async Task A_text_label_needs_its_positive_class_and_it_must_occur()
    {
        var missing = await Assert.ThrowsAsync<ArgumentException>(() =>
            ModelTrainer.TrainAsync(Synthetic.Binary(200), Synthetic.Spec() with { PositiveClass = null }));
        Assert.Contains("positive_class", missing.Message);
        Assert.Contains("no, yes", missing.Message);

        var absent = await Assert.ThrowsAsync<ArgumentException>(() =>
            ModelTrainer.TrainAsync(Synthetic.Binary(200), Synthetic.Spec() with { PositiveClass = "Yes" }));
        Assert.Contains("'Yes'", absent.Message);
    }

    [Fact]
    public async Task A_single_class_is_refused()
    {
        var set = Synthetic.Binary(300);
        var oneClass = set with
        {
            Frame = new FeatureFrame(set.Frame.EntityKeys, set.Frame.Timestamps,
                set.Frame.Columns.Select(c => c.Name == "defaulted" ? c with { Values = c.Values.Select(_ => (object?)"no").ToArray() } : c).ToArray()),
        };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => ModelTrainer.TrainAsync(oneClass, Synthetic.Spec() with { PositiveClass = "no" }));
        Assert.Contains("one class", error.Message);
    }

    [Fact]
    public async Task Bool_labels_default_to_true_and_rows_without_a_label_are_left_out()
    {
        var set = Synthetic.Binary(1500);
        var labels = set.Frame.Column("defaulted").Values;
        var boolLabels = labels.Select((v, i) => i % 50 == 0 ? null : (object?)((string)v! == "yes")).ToArray();
        var withBools = set with
        {
            Frame = new FeatureFrame(set.Frame.EntityKeys, set.Frame.Timestamps,
                set.Frame.Columns.Select(c => c.Name == "defaulted" ? new FrameColumn("defaulted", FeatureType.Bool, boolLabels) : c).ToArray()),
        };

        var model = await ModelTrainer.TrainAsync(withBools, Synthetic.Spec() with { PositiveClass = null });

        Assert.Equal(30, model.Dataset.RowsWithoutLabel);
        Assert.Equal(1470, model.TrainRows + model.HoldoutRows);
        Assert.True(model.Metrics[TrainingMetrics.Auc] > 0.75);
        Assert.All(model.HoldoutPredictions, p => Assert.Equal((bool)boolLabels[p.Row]! ? 1.0 : 0.0, p.Label));
    }

    [Fact]
    public async Task The_dataset_snapshot_and_spec_hash_are_carried_into_the_result()
    {
        var set = Synthetic.Binary(500);
        var spec = Synthetic.Spec();

        var model = await ModelTrainer.TrainAsync(set, spec, datasetHash: "abc123");

        Assert.Equal(spec.Hash, model.SpecHash);
        Assert.Equal(42, model.Seed);
        Assert.Equal(new DatasetSnapshot(Synthetic.Service, Synthetic.LabelView, set.ViewVersions, 500, 0, set.From, set.To, "abc123"), model.Dataset);
        Assert.True(model.WallTime >= model.TrainingTime);
        // Given values win over the catalogue's defaults, and every default is recorded.
        Assert.Equal(40.0, model.HyperParameters["num_iterations"].Number);
        Assert.Equal(0.1, model.HyperParameters["learning_rate"].Number);
        Assert.Equal("gbdt", model.HyperParameters["booster"].Text);
    }

    [Fact]
    public async Task A_cancelled_token_stops_training()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ModelTrainer.TrainAsync(Synthetic.Binary(200), Synthetic.Spec(), cancelled.Token));
    }
}
