using Keel.Training;

namespace Keel.Training.Tests;

public sealed class TrainingTests
{
    [Theory]
    [InlineData(ModelType.LightGbm)]
    [InlineData(ModelType.FastTree)]
    [InlineData(ModelType.Sdca)]
    public async Task Each_model_type_learns_a_learnable_binary_problem(ModelType type)
    {
        var set = Synthetic.Binary(3000);

        var model = await ModelTrainer.TrainAsync(set, Synthetic.Spec(type));

        Assert.True(model.Metrics[TrainingMetrics.Auc] > 0.8, $"AUC {model.Metrics[TrainingMetrics.Auc]}");
        Assert.InRange(model.Metrics[TrainingMetrics.Accuracy], 0.7, 1);
        foreach (var metric in TrainingMetrics.For(TrainingTask.Binary))
        {
            Assert.True(double.IsFinite(model.Metrics[metric]), metric);
        }
        Assert.Equal(set.Rows, model.TrainRows + model.HoldoutRows);
        Assert.InRange(model.HoldoutRows, 500, 700);
        Assert.Equal(model.HoldoutRows, model.HoldoutPredictions.Count);
        Assert.NotEmpty(model.OnnxBytes);
        Assert.NotEmpty(model.MlNetZipBytes);
        Assert.True(model.OnnxParity.MaxAbsDiff <= 1e-5, $"parity {model.OnnxParity.MaxAbsDiff}");
    }

    [Fact]
    public async Task Random_labels_give_an_auc_near_one_half()
    {
        var model = await ModelTrainer.TrainAsync(Synthetic.Binary(3000, randomLabels: true), Synthetic.Spec());

        Assert.InRange(model.Metrics[TrainingMetrics.Auc], 0.4, 0.6);
    }

    [Theory]
    [InlineData(ModelType.LightGbm)]
    [InlineData(ModelType.Sdca)]
    [InlineData(ModelType.FastTree)]
    public async Task Regression_trains_and_explains_most_of_the_variance(ModelType type)
    {
        var model = await ModelTrainer.TrainAsync(Synthetic.Regression(3000), Synthetic.Spec(type, TrainingTask.Regression));

        Assert.True(model.Metrics[TrainingMetrics.R2] > 0.6, $"R² {model.Metrics[TrainingMetrics.R2]}");
        Assert.True(model.Metrics[TrainingMetrics.Rmse] > 0);
        Assert.True(model.Metrics[TrainingMetrics.Mae] <= model.Metrics[TrainingMetrics.Rmse]);
        Assert.Equal("Score.output", model.OnnxParity.Output);
        Assert.True(model.OnnxParity.MaxAbsDiff <= 1e-4, $"parity {model.OnnxParity.MaxAbsDiff}");
        Assert.All(model.HoldoutPredictions, p => Assert.Null(p.Probability));
    }
}
