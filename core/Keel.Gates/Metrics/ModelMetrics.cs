namespace Keel.Gates.Metrics;

/// <summary>The metrics a report and a model card show for one set of scores on the holdout.</summary>
public static class ModelMetrics
{
    /// <summary>
    /// Binary: AUC, accuracy, precision, recall, F1 and the positive rate at the threshold.
    /// Regression: RMSE, MAE and R². Metrics undefined on this holdout (AUC with one class) are left out.
    /// </summary>
    public static IReadOnlyDictionary<string, double> Compute(Holdout holdout, IReadOnlyList<double> scores, double threshold)
    {
        var metrics = new Dictionary<string, double> { [MetricNames.Rows] = holdout.Rows };
        if (holdout.BinaryLabels is { } labels)
        {
            Add(metrics, MetricNames.Auc, Roc.Auc(labels, scores));
            var confusion = ConfusionMatrix.At(labels, scores, threshold);
            Add(metrics, MetricNames.Accuracy, confusion.Accuracy);
            Add(metrics, MetricNames.Precision, confusion.Precision);
            Add(metrics, MetricNames.Recall, confusion.Recall);
            Add(metrics, MetricNames.F1, confusion.F1);
            Add(metrics, MetricNames.PositiveRate, confusion.PositiveRate);
        }
        else
        {
            var values = holdout.RegressionLabels!;
            Add(metrics, MetricNames.Rmse, RegressionMetrics.Rmse(values, scores));
            Add(metrics, MetricNames.Mae, RegressionMetrics.Mae(values, scores));
            Add(metrics, MetricNames.R2, RegressionMetrics.R2(values, scores));
        }
        return metrics;
    }

    private static void Add(Dictionary<string, double> metrics, string name, double? value)
    {
        if (value is { } v)
        {
            metrics[name] = v;
        }
    }
}
