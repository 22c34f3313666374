using Keel.Drift.Metrics;

namespace Keel.Drift.Tests.Metrics;

public class ChiSquaredTests
{
    [Fact]
    public void Matches_scipys_documented_example_with_uniform_expectation()
    {
        // scipy.stats.chisquare([16, 18, 16, 14, 12, 12]) → statistic 2.0, pvalue 0.84914503608460956.
        var result = ChiSquared.GoodnessOfFit([16, 18, 16, 14, 12, 12], [14.666666666666666, 14.666666666666666, 14.666666666666666, 14.666666666666666, 14.666666666666666, 14.666666666666666]);

        Assert.Equal(2.0, result.Statistic, 1e-12);
        Assert.Equal(0.84914503608460956, result.PValue, 1e-12);
    }

    [Fact]
    public void Matches_scipys_documented_example_with_given_expectation()
    {
        // scipy.stats.chisquare([16, 18, 16, 14, 12, 12], f_exp=[16, 16, 16, 16, 16, 8]) → 3.5, 0.62338762774958223.
        var result = ChiSquared.GoodnessOfFit([16, 18, 16, 14, 12, 12], [16, 16, 16, 16, 16, 8]);

        Assert.Equal(3.5, result.Statistic, 1e-12);
        Assert.Equal(0.62338762774958223, result.PValue, 1e-12);
    }

    [Fact]
    public void An_observed_category_that_was_never_expected_is_infinitely_unlikely()
    {
        var result = ChiSquared.GoodnessOfFit([5, 5, 1], [5.5, 5.5, 0]);

        Assert.True(double.IsPositiveInfinity(result.Statistic));
        Assert.Equal(0, result.PValue);
    }

    [Fact]
    public void Homogeneity_matches_scipys_documented_contingency_example()
    {
        // scipy.stats.chi2_contingency([[10, 10, 20], [20, 20, 20]]) → statistic 2.7777777777777777,
        // pvalue 0.24935220877729619, dof 2 (expected frequencies 12, 12, 16 / 18, 18, 24).
        var result = ChiSquared.Homogeneity([10, 10, 20], [20, 20, 20]);

        Assert.Equal(2.7777777777777777, result.Statistic, 1e-12);
        Assert.Equal(0.24935220877729619, result.PValue, 1e-12);
    }

    [Fact]
    public void Homogeneity_of_two_by_two_counts_is_the_square_of_the_pooled_z_test()
    {
        var chi = ChiSquared.Homogeneity([50, 50], [65, 35]);
        var z = ProportionZTest.Test(50, 100, 65, 100);

        Assert.Equal(z.Statistic * z.Statistic, chi.Statistic, 1e-12);
        Assert.Equal(z.PValue, chi.PValue, 1e-12);
    }

    [Fact]
    public void Homogeneity_leaves_out_categories_neither_side_has_and_stays_finite_for_new_ones()
    {
        var result = ChiSquared.Homogeneity([10, 0, 10, 0], [10, 0, 5, 5]);

        Assert.True(double.IsFinite(result.Statistic));
        Assert.Equal(SpecialFunctions.ChiSquaredSurvival(result.Statistic, 2), result.PValue, 1e-15);
    }

    [Fact]
    public void Mismatched_lengths_are_rejected() =>
        Assert.Throws<ArgumentException>(() => ChiSquared.GoodnessOfFit([1, 2], [1, 2, 3]));
}
