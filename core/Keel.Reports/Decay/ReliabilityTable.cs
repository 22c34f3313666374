using Keel.Decay.Metrics;

namespace Keel.Reports.Decay;

/// <summary>
/// The reliability (calibration) table on the bins <see cref="Calibration.ExpectedCalibrationError"/>
/// uses: bin b holds scores in [b/B, (b+1)/B), the last also 1. Its gaps, weighted by each bin's
/// share of the sample, add up to the ECE. Empty when the scores are not probabilities.
/// </summary>
public static class ReliabilityTable
{
    public static IReadOnlyList<ReliabilityBin> Of(IReadOnlyList<LabelledScore> sample, int bins = Calibration.DefaultBins)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        if (sample.Count == 0 || sample.Any(s => s.Score is < 0 or > 1 || double.IsNaN(s.Score)))
        {
            return [];
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
        return [.. Enumerable.Range(0, bins).Select(b =>
        {
            if (counts[b] == 0)
            {
                return new ReliabilityBin((double)b / bins, (double)(b + 1) / bins, 0, null, null, null);
            }
            var mean = scoreSums[b] / counts[b];
            var rate = (double)positives[b] / counts[b];
            return new ReliabilityBin((double)b / bins, (double)(b + 1) / bins, counts[b], mean, rate, Math.Abs(rate - mean));
        })];
    }
}
