namespace Keel.Drift.Metrics;

/// <summary>
/// The Jensen–Shannon distance (the square root of the divergence) as scipy.spatial.distance.jensenshannon
/// computes it, which Evidently uses: both vectors are normalised to sum to 1, and the logarithm is
/// natural unless a base is given, so identical distributions give 0 and disjoint ones √(ln 2) ≈ 0.8326
/// (1 in base 2).
/// </summary>
public static class JensenShannon
{
    public static double Distance(IReadOnlyList<double> p, IReadOnlyList<double> q, double logBase = Math.E)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(q);
        if (p.Count != q.Count || p.Count == 0)
        {
            throw new ArgumentException($"Jensen–Shannon needs two distributions over the same non-empty support, got {p.Count} and {q.Count} entries");
        }
        if (p.Any(x => !(x >= 0) || double.IsInfinity(x)) || q.Any(x => !(x >= 0) || double.IsInfinity(x)))
        {
            throw new ArgumentException("Jensen–Shannon needs finite non-negative weights");
        }
        var pSum = p.Sum();
        var qSum = q.Sum();
        if (!(pSum > 0) || !(qSum > 0))
        {
            throw new ArgumentException("Jensen–Shannon needs weights that do not all vanish");
        }
        double divergence = 0;
        for (var i = 0; i < p.Count; i++)
        {
            var pi = p[i] / pSum;
            var qi = q[i] / qSum;
            var mi = (pi + qi) / 2;
            divergence += RelativeEntropy(pi, mi) + RelativeEntropy(qi, mi);
        }
        divergence /= Math.Log(logBase);
        // Rounding can leave a hair below zero for identical inputs.
        return Math.Sqrt(Math.Max(divergence, 0) / 2);
    }

    // x·ln(x/y) with 0·ln(0/y) = 0; y is the mixture, so it is never 0 where x is not.
    private static double RelativeEntropy(double x, double y) => x > 0 ? x * Math.Log(x / y) : 0;
}
