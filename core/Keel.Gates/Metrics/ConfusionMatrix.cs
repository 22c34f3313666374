namespace Keel.Gates.Metrics;

/// <summary>Counts of a binary classifier's decisions at one threshold, and the rates derived from them.</summary>
public sealed record ConfusionMatrix(int TruePositives, int FalsePositives, int TrueNegatives, int FalseNegatives)
{
    public int Rows => TruePositives + FalsePositives + TrueNegatives + FalseNegatives;

    public double Accuracy => (double)(TruePositives + TrueNegatives) / Rows;

    /// <summary>Null when the model predicts no positives.</summary>
    public double? Precision => Ratio(TruePositives, TruePositives + FalsePositives);

    /// <summary>Null when the holdout has no positives.</summary>
    public double? Recall => Ratio(TruePositives, TruePositives + FalseNegatives);

    /// <summary>2TP / (2TP + FP + FN); null when there are neither positives nor positive predictions.</summary>
    public double? F1 => Ratio(2 * TruePositives, 2 * TruePositives + FalsePositives + FalseNegatives);

    /// <summary>The share of rows predicted positive.</summary>
    public double PositiveRate => (double)(TruePositives + FalsePositives) / Rows;

    public static ConfusionMatrix At(IReadOnlyList<bool> labels, IReadOnlyList<double> scores, double threshold)
    {
        int tp = 0, fp = 0, tn = 0, fn = 0;
        for (var i = 0; i < labels.Count; i++)
        {
            var predicted = scores[i] >= threshold;
            if (predicted && labels[i]) tp++;
            else if (predicted) fp++;
            else if (labels[i]) fn++;
            else tn++;
        }
        return new ConfusionMatrix(tp, fp, tn, fn);
    }

    private static double? Ratio(int numerator, int denominator) => denominator == 0 ? null : (double)numerator / denominator;
}
