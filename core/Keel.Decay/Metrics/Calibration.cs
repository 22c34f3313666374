namespace Keel.Decay.Metrics;

/// <summary>
/// How well scores match observed frequencies. Both need scores that are probabilities; a model
/// whose scores leave [0, 1] (a raw margin) has no calibration to measure, and gets null.
/// </summary>
public static class Calibration
{
    public const int DefaultBins = 10;

    /// <summary>Mean squared difference between score and outcome (1 positive, 0 negative).</summary>
    public static double? Brier(IReadOnlyList<LabelledScore> sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        if (sample.Count == 0 || !AreProbabilities(sample))
        {
            return null;
        }
        return sample.Average(s => Square(s.Score - (s.Positive ? 1 : 0)));
    }

    /// <summary>
    /// Expected calibration error over equal-width bins of the score: Σ (nᵦ/N)·|positive rate − mean score| per bin.
    /// Bin b holds scores in [b/B, (b+1)/B), the last bin also 1.
    /// </summary>
    public static double? ExpectedCalibrationError(IReadOnlyList<LabelledScore> sample, int bins = DefaultBins)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        if (sample.Count == 0 || !AreProbabilities(sample))
        {
            return null;
        }
        var counts = new int[bins];
        var scoreSums = new double[bins];
        var positives = new int[bins];
        foreach (var s in sample)
        {
            var bin = Math.Min((int)(s.Score * bins), bins - 1);
            counts[bin]++;
            scoreSums[bin] += s.Score;
            positives[bin] += s.Positive ? 1 : 0;
        }
        double error = 0;
        for (var b = 0; b < bins; b++)
        {
            if (counts[b] > 0)
            {
                error += (double)counts[b] / sample.Count * Math.Abs((double)positives[b] / counts[b] - scoreSums[b] / counts[b]);
            }
        }
        return error;
    }

    private static bool AreProbabilities(IReadOnlyList<LabelledScore> sample) => sample.All(s => s.Score is >= 0 and <= 1);

    private static double Square(double x) => x * x;
}
