using Keel.Drift.Metrics;
using Keel.Drift.Profiles;

namespace Keel.Drift.Tests.Metrics;

public class KolmogorovSmirnovTests
{
    [Theory]
    // scipy.stats.kstwobign.sf at 1.0 and 0.5; the others from both series of the Kolmogorov distribution.
    [InlineData(1.0, 0.26999967167735456)]
    [InlineData(0.5, 0.9639452436648751)]
    [InlineData(1.36, 0.049485876755377876)]
    [InlineData(2.0, 0.0006709252557796953)]
    [InlineData(0.0, 1.0)]
    public void The_Kolmogorov_survival_function_matches_known_values(double lambda, double expected) =>
        Assert.Equal(expected, KolmogorovSmirnov.KolmogorovSurvival(lambda), 1e-12);

    [Fact]
    public void Two_small_samples_give_the_statistic_counted_by_hand()
    {
        // 1..10 against 4..15: at x = 10 the first CDF is 1 and the second 7/12, the widest gap.
        var a = EmpiricalDistribution.FromValues(Enumerable.Range(1, 10).Select(i => (double)i));
        var b = EmpiricalDistribution.FromValues(Enumerable.Range(4, 12).Select(i => (double)i));

        var result = KolmogorovSmirnov.TwoSample(a, b);

        Assert.Equal(5.0 / 12, result.Statistic, 1e-15);
        // nₑ = 120/22, λ = (√nₑ + 0.12 + 0.11/√nₑ)·D = 1.04275; Q(λ) from the series.
        Assert.Equal(0.22696262035257975, result.PValue, 1e-12);
    }

    [Fact]
    public void Identical_samples_have_no_distance_and_a_p_value_of_one()
    {
        var a = EmpiricalDistribution.FromValues([3, 1, 2, 2]);

        var result = KolmogorovSmirnov.TwoSample(a, a);

        Assert.Equal(0, result.Statistic);
        Assert.Equal(1, result.PValue);
    }

    [Fact]
    public void Ties_across_samples_are_handled_at_the_tied_value()
    {
        // F_a steps to 1 at 1; F_b is 1/2 at 1: D = 1/2, not 1 as a naive merge would give.
        var result = KolmogorovSmirnov.TwoSample(EmpiricalDistribution.FromValues([1, 1]), EmpiricalDistribution.FromValues([1, 2]));

        Assert.Equal(0.5, result.Statistic);
    }
}
