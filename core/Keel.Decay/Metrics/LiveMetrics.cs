namespace Keel.Decay.Metrics;

/// <summary>
/// A version's quality on its labelled predictions. The class metrics read a score at or above
/// <see cref="Threshold"/> as the positive class, as serving labels it. A metric the sample cannot
/// define (precision with no predicted positives, AUC with one class, calibration of non-probabilities) is null.
/// </summary>
public sealed record LiveMetrics(int Count, double? Accuracy, double? Precision, double? Recall, double? Auc, double? Brier, double? Ece)
{
    public const double Threshold = 0.5;

    public const string AccuracyName = "accuracy";
    public const string PrecisionName = "precision";
    public const string RecallName = "recall";
    public const string AucName = "auc";
    public const string BrierName = "brier";
    public const string EceName = "ece";

    public static LiveMetrics Compute(IReadOnlyList<LabelledScore> sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        int tp = 0, fp = 0, tn = 0, fn = 0;
        foreach (var s in sample)
        {
            var predicted = s.Score >= Threshold;
            if (predicted && s.Positive) tp++;
            else if (predicted) fp++;
            else if (s.Positive) fn++;
            else tn++;
        }
        return new LiveMetrics(
            sample.Count,
            Ratio(tp + tn, sample.Count),
            Ratio(tp, tp + fp),
            Ratio(tp, tp + fn),
            RankAuc.Compute(sample),
            Calibration.Brier(sample),
            Calibration.ExpectedCalibrationError(sample));
    }

    /// <summary>The defined metrics by name (the names training registers holdout metrics under, where it has them).</summary>
    public IReadOnlyDictionary<string, double> ByName()
    {
        var named = new Dictionary<string, double>(StringComparer.Ordinal);
        Add(named, AccuracyName, Accuracy);
        Add(named, PrecisionName, Precision);
        Add(named, RecallName, Recall);
        Add(named, AucName, Auc);
        Add(named, BrierName, Brier);
        Add(named, EceName, Ece);
        return named;
    }

    /// <summary>Losses and errors are better low; the rest better high.</summary>
    public static bool HigherIsBetter(string metric) => metric is not (BrierName or EceName or "logloss");

    private static double? Ratio(int numerator, int denominator) => denominator == 0 ? null : (double)numerator / denominator;

    private static void Add(Dictionary<string, double> named, string name, double? value)
    {
        if (value is { } v)
        {
            named[name] = v;
        }
    }
}
