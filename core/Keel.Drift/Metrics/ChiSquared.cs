namespace Keel.Drift.Metrics;

/// <summary>
/// Pearson's chi-squared tests, with p = Q(df/2, χ²/2) from the regularised incomplete gamma function.
/// </summary>
public static class ChiSquared
{
    /// <summary>
    /// The test of homogeneity of two samples' counts over the same categories, as
    /// scipy.stats.chi2_contingency on the 2×k table without Yates' correction: expected counts
    /// come from the pooled shares, df = k − 1, and categories empty on both sides are left out.
    /// This is what drift detection uses, because both sides are samples (see the README).
    /// </summary>
    public static TestResult Homogeneity(IReadOnlyList<double> first, IReadOnlyList<double> second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (first.Count != second.Count)
        {
            throw new ArgumentException($"{first.Count} counts in the first sample for {second.Count} in the second");
        }
        var firstTotal = 0.0;
        var secondTotal = 0.0;
        for (var i = 0; i < first.Count; i++)
        {
            CheckCount(i, first[i]);
            CheckCount(i, second[i]);
            firstTotal += first[i];
            secondTotal += second[i];
        }
        var total = firstTotal + secondTotal;
        double statistic = 0;
        var categories = 0;
        for (var i = 0; i < first.Count; i++)
        {
            var column = first[i] + second[i];
            if (column == 0)
            {
                continue;
            }
            categories++;
            var e1 = column * firstTotal / total;
            var e2 = column * secondTotal / total;
            statistic += (first[i] - e1) * (first[i] - e1) / e1 + (second[i] - e2) * (second[i] - e2) / e2;
        }
        if (categories < 2 || firstTotal == 0 || secondTotal == 0)
        {
            return new TestResult(0, 1);
        }
        return new TestResult(statistic, SpecialFunctions.ChiSquaredSurvival(statistic, categories - 1));
    }

    /// <summary>
    /// The goodness-of-fit test, as scipy.stats.chisquare(f_obs, f_exp): Σ (o − e)²/e with k − 1
    /// degrees of freedom. A category with an expected count of 0 and observations makes the
    /// statistic infinite and p = 0; one with neither is left out.
    /// </summary>
    public static TestResult GoodnessOfFit(IReadOnlyList<double> observed, IReadOnlyList<double> expected)
    {
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(expected);
        if (observed.Count != expected.Count)
        {
            throw new ArgumentException($"{observed.Count} observed counts for {expected.Count} expected ones");
        }
        double statistic = 0;
        var categories = 0;
        for (var i = 0; i < observed.Count; i++)
        {
            var o = observed[i];
            var e = expected[i];
            CheckCount(i, o);
            CheckCount(i, e);
            if (e == 0 && o == 0)
            {
                continue;
            }
            categories++;
            statistic += e == 0 ? double.PositiveInfinity : (o - e) * (o - e) / e;
        }
        // One category leaves nothing to compare: no evidence of a difference.
        if (categories < 2)
        {
            return new TestResult(0, 1);
        }
        return new TestResult(statistic, SpecialFunctions.ChiSquaredSurvival(statistic, categories - 1));
    }

    private static void CheckCount(int category, double count)
    {
        if (!(count >= 0) || double.IsInfinity(count))
        {
            throw new ArgumentException($"category {category}: count {count} is not finite and non-negative");
        }
    }
}
