namespace Keel.Drift.Profiles;

/// <summary>
/// Count, mean and sum of squared deviations by Welford's update, merged with Chan, Golub and
/// LeVeque's parallel formula, so a merged summary has the same mean and variance (to rounding) as
/// one built on the concatenated data, without the cancellation of a sum-of-squares formula.
/// </summary>
public readonly record struct RunningMoments(long Count, double Mean, double M2)
{
    /// <summary>Population variance (divides by n), as numpy's std with ddof = 0, which Evidently normalises by.</summary>
    public double Variance => Count == 0 ? 0 : M2 / Count;

    /// <summary>Sample variance (divides by n − 1).</summary>
    public double SampleVariance => Count < 2 ? 0 : M2 / (Count - 1);

    public RunningMoments Add(double value)
    {
        var count = Count + 1;
        var delta = value - Mean;
        var mean = Mean + delta / count;
        return new RunningMoments(count, mean, M2 + delta * (value - mean));
    }

    public RunningMoments Merge(RunningMoments other)
    {
        if (other.Count == 0)
        {
            return this;
        }
        if (Count == 0)
        {
            return other;
        }
        var count = Count + other.Count;
        var delta = other.Mean - Mean;
        var mean = Mean + delta * other.Count / count;
        var m2 = M2 + other.M2 + delta * delta * ((double)Count * other.Count / count);
        return new RunningMoments(count, mean, m2);
    }
}
