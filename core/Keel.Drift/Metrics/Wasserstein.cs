using Keel.Drift.Profiles;

namespace Keel.Drift.Metrics;

/// <summary>
/// The first Wasserstein (earth mover's) distance between two weighted samples, ∫|F₁ − F₂|dx, as
/// scipy's wasserstein_distance computes it (weights are normalised, so only proportions matter).
/// </summary>
public static class Wasserstein
{
    public static double Distance(EmpiricalDistribution u, EmpiricalDistribution v)
    {
        ArgumentNullException.ThrowIfNull(u);
        ArgumentNullException.ThrowIfNull(v);
        if (u.IsEmpty || v.IsEmpty || !(u.TotalWeight > 0) || !(v.TotalWeight > 0))
        {
            throw new ArgumentException("the Wasserstein distance needs two samples with positive weight");
        }
        var points = u.Values.Concat(v.Values).Distinct().Order().ToArray();
        double distance = 0;
        // Between consecutive sample points both CDFs are flat, so the integral is a sum of rectangles.
        for (var i = 0; i + 1 < points.Length; i++)
        {
            distance += Math.Abs(u.Cdf(points[i]) - v.Cdf(points[i])) * (points[i + 1] - points[i]);
        }
        return distance;
    }

    /// <summary>
    /// Evidently's 'wasserstein' drift score: the distance divided by the reference's population
    /// standard deviation, floored at 0.001 so a constant reference does not divide by zero.
    /// </summary>
    public static double NormalizedDistance(NumericProfile reference, NumericProfile current)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        return Distance(reference.Distribution(), current.Distribution()) / Math.Max(reference.StandardDeviation, 0.001);
    }
}
