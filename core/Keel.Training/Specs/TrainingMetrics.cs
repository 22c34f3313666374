namespace Keel.Training;

/// <summary>
/// The metric names training reports on the holdout, which task each belongs to, and which
/// direction is better — the one list a search's <c>metric</c> is checked against.
/// </summary>
public static class TrainingMetrics
{
    public const string Auc = "auc";
    public const string Auprc = "auprc";
    public const string Accuracy = "accuracy";
    public const string F1 = "f1";
    public const string Precision = "precision";
    public const string Recall = "recall";
    public const string LogLoss = "logloss";
    public const string Rmse = "rmse";
    public const string Mae = "mae";
    public const string R2 = "r2";

    private static readonly string[] BinaryNames = [Auc, Auprc, Accuracy, F1, Precision, Recall, LogLoss];
    private static readonly string[] RegressionNames = [Rmse, Mae, R2];

    public static IReadOnlyList<string> For(TrainingTask task) => task == TrainingTask.Binary ? BinaryNames : RegressionNames;

    /// <summary>The metric a search ranks by when the spec names none.</summary>
    public static string Default(TrainingTask task) => task == TrainingTask.Binary ? Auc : Rmse;

    /// <summary>Losses and errors are better low; every other metric is better high.</summary>
    public static bool HigherIsBetter(string metric) => metric is not (LogLoss or Rmse or Mae);

    public static bool IsKnown(TrainingTask task, string metric) => For(task).Contains(metric, StringComparer.Ordinal);
}
