namespace Keel.CostAnomaly.Baseline;

/// <summary>The cost an hour was expected to have, and how far above or below it is still normal.</summary>
/// <param name="Level">The recent level the seasonal expectation was raised by (1 when none).</param>
/// <param name="Z">Robust deviations the half-width stands for, so a score above it is outside the band.</param>
public sealed record ExpectedBand(BandBasis Basis, double Expected, double Lower, double Upper, double Level, double Z)
{
    public static ExpectedBand None { get; } = new(BandBasis.None, 0, 0, 0, 1, 0);

    /// <summary>How far the observed value lies from the expectation, in robust deviations.</summary>
    public double Score(double observed)
    {
        var deviation = (Upper - Expected) / Z;
        return deviation > 0 ? (observed - Expected) / deviation : 0;
    }

    public bool Exceeded(double observed) => Basis != BandBasis.None && observed > Upper;
}
