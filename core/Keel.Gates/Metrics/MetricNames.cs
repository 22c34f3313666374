namespace Keel.Gates.Metrics;

/// <summary>The names metrics go by in settings, reports and model cards.</summary>
public static class MetricNames
{
    public const string Auc = "auc";
    public const string F1 = "f1";
    public const string Accuracy = "accuracy";
    public const string Precision = "precision";
    public const string Recall = "recall";
    public const string PositiveRate = "positive_rate";
    public const string Rmse = "rmse";
    public const string Mae = "mae";
    public const string R2 = "r2";
    public const string Rows = "rows";

    /// <summary>Whether a larger value of the metric is better (AUC) rather than worse (RMSE).</summary>
    public static bool HigherIsBetter(string metric) => metric is not (Rmse or Mae);

    public static string Display(string metric) => metric switch
    {
        Auc => "AUC",
        F1 => "F1",
        Rmse => "RMSE",
        Mae => "MAE",
        R2 => "R²",
        _ => metric.Replace('_', ' '),
    };
}
