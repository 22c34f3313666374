using Keel.Drift.Metrics;

namespace Keel.Drift.Tests.Metrics;

public class SpecialFunctionsTests
{
    // Reference values from Python's math.erfc and math.lgamma (C library implementations).
    [Theory]
    [InlineData(1.0, 0.15729920705028513)]
    [InlineData(0.5, 0.4795001221869535)]
    [InlineData(3.0, 2.2090496998585438e-05)]
    [InlineData(-1.0, 1.842700792949715)]
    [InlineData(6.0, 2.1519736712498916e-17)]
    [InlineData(0.0, 1.0)]
    public void Erfc_matches_the_C_library(double x, double expected) =>
        Assert.Equal(expected, SpecialFunctions.Erfc(x), expected * 1e-12);

    [Theory]
    [InlineData(0.5, 0.5723649429247004)]
    [InlineData(10.5, 13.940625219403763)]
    [InlineData(100.0, 359.1342053695754)]
    [InlineData(1.0, 0.0)]
    public void LogGamma_matches_the_C_library(double x, double expected) =>
        Assert.Equal(expected, SpecialFunctions.LogGamma(x), 1e-12);

    [Theory]
    [InlineData(0.1)]
    [InlineData(2.0)]
    [InlineData(6.0)]
    [InlineData(30.0)]
    public void Chi_squared_with_two_and_four_degrees_of_freedom_has_closed_forms(double x)
    {
        // P(χ²₂ > x) = e^(−x/2); P(χ²₄ > x) = e^(−x/2)(1 + x/2).
        Assert.Equal(Math.Exp(-x / 2), SpecialFunctions.ChiSquaredSurvival(x, 2), Math.Exp(-x / 2) * 1e-12);
        Assert.Equal(Math.Exp(-x / 2) * (1 + x / 2), SpecialFunctions.ChiSquaredSurvival(x, 4), Math.Exp(-x / 2) * 1e-12);
    }

    [Fact]
    public void The_five_percent_critical_value_of_chi_squared_with_one_degree_of_freedom_gives_five_percent() =>
        Assert.Equal(0.05, SpecialFunctions.ChiSquaredSurvival(3.841458820694124, 1), 1e-12);

    [Theory]
    [InlineData(0.7, 1.3)]
    [InlineData(5.0, 2.0)]
    [InlineData(5.0, 9.0)]
    public void P_and_Q_add_up_to_one(double a, double x) =>
        Assert.Equal(1.0, SpecialFunctions.RegularizedGammaP(a, x) + SpecialFunctions.RegularizedGammaQ(a, x), 1e-14);

    [Fact]
    public void The_normal_survival_function_is_a_half_at_zero_and_2_5_percent_at_1_96()
    {
        Assert.Equal(0.5, SpecialFunctions.NormalSurvival(0), 1e-15);
        Assert.Equal(0.024997895148220435, SpecialFunctions.NormalSurvival(1.96), 1e-13);
    }
}
