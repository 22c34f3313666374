namespace Keel.Gates.Metrics;

/// <summary>Error measures of a regression model's predictions.</summary>
public static class RegressionMetrics
{
    public static double Rmse(IReadOnlyList<double> labels, IReadOnlyList<double> predictions) =>
        Math.Sqrt(Enumerable.Range(0, labels.Count).Average(i => Square(predictions[i] - labels[i])));

    public static double Mae(IReadOnlyList<double> labels, IReadOnlyList<double> predictions) =>
        Enumerable.Range(0, labels.Count).Average(i => Math.Abs(predictions[i] - labels[i]));

    /// <summary>1 − SSres/SStot; null when every label is the same, where it is undefined.</summary>
    public static double? R2(IReadOnlyList<double> labels, IReadOnlyList<double> predictions)
    {
        var mean = labels.Average();
        var total = labels.Sum(y => Square(y - mean));
        if (total == 0)
        {
            return null;
        }
        var residual = Enumerable.Range(0, labels.Count).Sum(i => Square(labels[i] - predictions[i]));
        return 1 - residual / total;
    }

    private static double Square(double x) => x * x;
}
