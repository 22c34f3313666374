using Keel.Decay.Metrics;

namespace Keel.Reports.Decay;

/// <summary>
/// The reliability (calibration) table on the bins <see cref="Calibration.ExpectedCalibrationError"/>
/// uses: bin b holds scores in [b/B, (b+1)/B), the last also 1. Its gaps, weighted by each bin's
/// share of the sample, add up to the ECE. Empty when the scores are not probabilities.
/// </summary>
public static class ReliabilityTable
{
    public static IReadOnlyList<ReliabilityBin> Of(IReadOnlyList<LabelledScore> sample, int bins = Calibration.DefaultBins) =>
        Calibration.Bins(sample, bins) is { } table
            ? [.. table.Select(b => new ReliabilityBin(b.Lower, b.Upper, b.Count, b.MeanScore, b.PositiveRate,
                b.MeanScore is { } mean && b.PositiveRate is { } rate ? Math.Abs(rate - mean) : null))]
            : [];
}
