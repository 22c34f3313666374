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
        if (Bins(sample, bins) is not { } table)
        {
            return null;
        }
        return table.Where(b => b.Count > 0).Sum(b => (double)b.Count / sample.Count * Math.Abs(b.PositiveRate!.Value - b.MeanScore!.Value));
    }

    /// <summary>
    /// The equal-width bins the ECE is measured on, each with its count, mean score and positive rate
    /// (null for an empty bin); null when the scores are not probabilities.
    /// </summary>
    public static IReadOnlyList<CalibrationBin>? Bins(IReadOnlyList<LabelledScore> sample, int bins = DefaultBins)
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
        return [.. Enumerable.Range(0, bins).Select(b => new CalibrationBin(
            (double)b / bins,
            (double)(b + 1) / bins,
            counts[b],
            counts[b] == 0 ? null : scoreSums[b] / counts[b],
            counts[b] == 0 ? null : (double)positives[b] / counts[b]))];
    }

    private static bool AreProbabilities(IReadOnlyList<LabelledScore> sample) => sample.All(s => s.Score is >= 0 and <= 1);

    private static double Square(double x) => x * x;
}

/// <summary>One bin of scores in [Lower, Upper) (the last also holds Upper): how many, their mean, and the share that were positive.</summary>
public sealed record CalibrationBin(double Lower, double Upper, int Count, double? MeanScore, double? PositiveRate);
