using Keel.Drift.Metrics;

namespace Keel.Drift.Tests.Metrics;

public class ProportionZTestTests
{
    [Fact]
    public void Fifty_of_a_hundred_against_sixty_five_of_a_hundred()
    {
        // P = 0.575; z = (0.5 − 0.65)/√(0.575·0.425·0.02) = −2.14560; p = erfc(|z|/√2).
        var result = ProportionZTest.Test(50, 100, 65, 100);

        Assert.Equal(-2.1455956195564547, result.Statistic, 1e-12);
        Assert.Equal(0.03190525523659656, result.PValue, 1e-12);
    }

    [Fact]
    public void Two_constant_samples_with_the_same_value_show_no_difference()
    {
        Assert.Equal(new TestResult(0, 1), ProportionZTest.Test(10, 10, 7, 7));
        Assert.Equal(new TestResult(0, 1), ProportionZTest.Test(0, 10, 0, 7));
    }

    [Fact]
    public void More_positives_than_rows_is_rejected() =>
        Assert.Throws<ArgumentException>(() => ProportionZTest.Test(11, 10, 1, 10));
}
