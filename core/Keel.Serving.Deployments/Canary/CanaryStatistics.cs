namespace Keel.Serving.Deployments;

/// <summary>The tests canary analysis uses, on counts and histograms only.</summary>
public static class CanaryStatistics
{
    /// <summary>
    /// One-sided two-proportion z-test of "the canary's error rate is higher than stable's", with the
    /// pooled standard error. When neither or both variants always fail there is no evidence either
    /// way: z = 0, p = 0.5.
    /// </summary>
    public static (double Z, double PValue) ErrorRateIncrease(long stableErrors, long stableRequests, long canaryErrors, long canaryRequests)
    {
        if (stableRequests <= 0 || canaryRequests <= 0)
        {
            return (0, 0.5);
        }
        var stableRate = (double)stableErrors / stableRequests;
        var canaryRate = (double)canaryErrors / canaryRequests;
        var pooled = (double)(stableErrors + canaryErrors) / (stableRequests + canaryRequests);
        var standardError = Math.Sqrt(pooled * (1 - pooled) * (1.0 / stableRequests + 1.0 / canaryRequests));
        if (standardError == 0)
        {
            return (0, 0.5);
        }
        var z = (canaryRate - stableRate) / standardError;
        return (z, NormalUpperTail(z));
    }

    /// <summary>P(Z &gt; z) for a standard normal Z.</summary>
    public static double NormalUpperTail(double z) => 0.5 * Erfc(z / Math.Sqrt(2));

    /// <summary>
    /// Two-sample Kolmogorov–Smirnov statistic: the largest gap between the two empirical CDFs, taken
    /// at the bin edges. On binned data this is a slight underestimate of the exact statistic, by at
    /// most the mass of one bin; with 100 bins over the score range that is negligible for the 0.1 threshold.
    /// </summary>
    public static double KolmogorovSmirnov(Histogram a, Histogram b)
    {
        a.EnsureSameLayout(b);
        var countsA = a.Counts();
        var countsB = b.Counts();
        double totalA = countsA.Sum(), totalB = countsB.Sum();
        if (totalA == 0 || totalB == 0)
        {
            return 0;
        }
        double cumulativeA = 0, cumulativeB = 0, largest = 0;
        for (var i = 0; i < countsA.Length; i++)
        {
            cumulativeA += countsA[i];
            cumulativeB += countsB[i];
            largest = Math.Max(largest, Math.Abs(cumulativeA / totalA - cumulativeB / totalB));
        }
        return largest;
    }

    /// <summary>
    /// Population stability index of <paramref name="actual"/> against <paramref name="expected"/>,
    /// over <paramref name="groups"/> groups of adjacent bins (10 is the usual choice: finer groups
    /// make the index grow with sampling noise alone). Empty groups count as a tiny share so the
    /// logarithm stays finite.
    /// </summary>
    public static double PopulationStabilityIndex(Histogram expected, Histogram actual, int groups = 10)
    {
        expected.EnsureSameLayout(actual);
        ArgumentOutOfRangeException.ThrowIfLessThan(groups, 1);
        var countsE = expected.Counts();
        var countsA = actual.Counts();
        groups = Math.Min(groups, countsE.Length);
        var groupedE = new double[groups];
        var groupedA = new double[groups];
        for (var i = 0; i < countsE.Length; i++)
        {
            var group = (int)((long)i * groups / countsE.Length);
            groupedE[group] += countsE[i];
            groupedA[group] += countsA[i];
        }
        double totalE = groupedE.Sum(), totalA = groupedA.Sum();
        if (totalE == 0 || totalA == 0)
        {
            return 0;
        }
        const double floor = 1e-4;
        var psi = 0.0;
        for (var g = 0; g < groups; g++)
        {
            var e = Math.Max(groupedE[g] / totalE, floor);
            var a = Math.Max(groupedA[g] / totalA, floor);
            psi += (a - e) * Math.Log(a / e);
        }
        return psi;
    }

    /// <summary>Complementary error function (Numerical Recipes' Chebyshev fit; relative error below 1.2e-7, ample for a p-value).</summary>
    private static double Erfc(double x)
    {
        var z = Math.Abs(x);
        var t = 1 / (1 + 0.5 * z);
        var ans = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
            + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? ans : 2 - ans;
    }
}
