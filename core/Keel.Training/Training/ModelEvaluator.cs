using Microsoft.ML;

namespace Keel.Training;

/// <summary>The holdout metrics of a scored data view, under the names of <see cref="TrainingMetrics"/>.</summary>
internal static class ModelEvaluator
{
    public static Dictionary<string, double> Evaluate(MLContext ml, IDataView scored, TrainingTask task)
    {
        if (task == TrainingTask.Binary)
        {
            var binary = ml.BinaryClassification.Evaluate(scored, TrainerFactory.Label, ScoreColumns.Score, ScoreColumns.Probability, ScoreColumns.PredictedLabel);
            return new Dictionary<string, double>(StringComparer.Ordinal)
            {
                [TrainingMetrics.Auc] = binary.AreaUnderRocCurve,
                [TrainingMetrics.Auprc] = binary.AreaUnderPrecisionRecallCurve,
                [TrainingMetrics.Accuracy] = binary.Accuracy,
                [TrainingMetrics.F1] = binary.F1Score,
                [TrainingMetrics.Precision] = binary.PositivePrecision,
                [TrainingMetrics.Recall] = binary.PositiveRecall,
                [TrainingMetrics.LogLoss] = binary.LogLoss,
            };
        }
        var regression = ml.Regression.Evaluate(scored, TrainerFactory.Label, ScoreColumns.Score);
        return new Dictionary<string, double>(StringComparer.Ordinal)
        {
            [TrainingMetrics.Rmse] = regression.RootMeanSquaredError,
            [TrainingMetrics.Mae] = regression.MeanAbsoluteError,
            [TrainingMetrics.R2] = regression.RSquared,
        };
    }
}
