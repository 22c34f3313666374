namespace Keel.Drift.Metrics;

/// <summary>
/// PSI = Σ (rᵢ − cᵢ)·ln(rᵢ / cᵢ) over bin shares. A bin empty on one side makes it infinite, so drift
/// detection smooths the shares first (<see cref="Smoothing.FillZeros"/>); this function takes the shares as given.
/// </summary>
public static class PopulationStabilityIndex
{
    public static double Compute(IReadOnlyList<double> referenceShares, IReadOnlyList<double> currentShares)
    {
        ArgumentNullException.ThrowIfNull(referenceShares);
        ArgumentNullException.ThrowIfNull(currentShares);
        if (referenceShares.Count != currentShares.Count || referenceShares.Count == 0)
        {
            throw new ArgumentException($"PSI needs the same non-empty bins on both sides, got {referenceShares.Count} and {currentShares.Count}");
        }
        double psi = 0;
        for (var i = 0; i < referenceShares.Count; i++)
        {
            var r = referenceShares[i];
            var c = currentShares[i];
            if (!(r >= 0) || !(c >= 0))
            {
                throw new ArgumentException($"bin {i}: shares {r} and {c} must not be negative");
            }
            if (r == c)
            {
                continue;
            }
            psi += r == 0 || c == 0 ? double.PositiveInfinity : (r - c) * Math.Log(r / c);
        }
        return psi;
    }
}
