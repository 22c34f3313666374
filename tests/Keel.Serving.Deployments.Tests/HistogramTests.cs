namespace Keel.Serving.Deployments.Tests;

public class HistogramTests
{
    [Fact]
    public void Latency_quantiles_are_within_the_bin_width_of_the_exact_ones()
    {
        var histogram = new Histogram(HistogramLayout.LatencyMs);
        var values = Enumerable.Range(1, 10_000).Select(i => i / 10.0).ToArray();
        foreach (var v in values)
        {
            histogram.Add(v);
        }

        Assert.Equal(10_000, histogram.Count);
        Assert.Equal(950, histogram.Quantile(0.95)!.Value, 950 * 0.05);
        Assert.Equal(500, histogram.Quantile(0.5)!.Value, 500 * 0.05);
        Assert.Equal(990, histogram.Quantile(0.99)!.Value, 990 * 0.05);
    }

    [Fact]
    public void Score_quantiles_are_within_one_bin()
    {
        var histogram = new Histogram(HistogramLayout.Scores);
        for (var i = 0; i < 1000; i++)
        {
            histogram.Add(i / 1000.0);
        }

        Assert.Equal(0.95, histogram.Quantile(0.95)!.Value, 0.01);
        Assert.Equal(0.25, histogram.Quantile(0.25)!.Value, 0.01);
    }

    [Fact]
    public void Values_out_of_range_land_in_the_end_bins_and_nan_is_ignored()
    {
        var histogram = new Histogram(HistogramLayout.Scores);

        histogram.Add(-3);
        histogram.Add(double.PositiveInfinity);
        Assert.False(histogram.Add(double.NaN));

        var counts = histogram.Counts();
        Assert.Equal(1, counts[0]);
        Assert.Equal(1, counts[^1]);
        Assert.Equal(2, histogram.Count);
        Assert.Null(new Histogram(HistogramLayout.LatencyMs).Quantile(0.95));
    }

    [Fact]
    public void Merged_histograms_equal_the_histogram_of_all_values_and_layouts_must_match()
    {
        var random = new Random(4);
        var values = Enumerable.Range(0, 5000).Select(_ => Math.Exp(random.NextDouble() * 8)).ToArray();
        var all = new Histogram(HistogramLayout.LatencyMs);
        var first = new Histogram(HistogramLayout.LatencyMs);
        var second = new Histogram(HistogramLayout.LatencyMs);
        for (var i = 0; i < values.Length; i++)
        {
            all.Add(values[i]);
            (i % 3 == 0 ? first : second).Add(values[i]);
        }

        first.Merge(second);

        Assert.Equal(all.Counts(), first.Counts());
        Assert.Equal(all.Counts(), Histogram.FromCounts(HistogramLayout.LatencyMs, all.Counts()).Counts());
        Assert.Throws<ArgumentException>(() => first.Merge(new Histogram(HistogramLayout.Scores)));
    }

    [Fact]
    public void Kolmogorov_smirnov_is_zero_for_equal_and_one_for_disjoint_distributions()
    {
        var low = new Histogram(HistogramLayout.Scores);
        var high = new Histogram(HistogramLayout.Scores);
        for (var i = 0; i < 100; i++)
        {
            low.Add(0.1 + i / 1000.0);
            high.Add(0.8 + i / 1000.0);
        }

        Assert.Equal(0, CanaryStatistics.KolmogorovSmirnov(low, low.Copy()));
        Assert.Equal(1, CanaryStatistics.KolmogorovSmirnov(low, high), 9);
        Assert.Equal(0, CanaryStatistics.PopulationStabilityIndex(low, low.Copy()), 9);
        Assert.True(CanaryStatistics.PopulationStabilityIndex(low, high) > 1);
    }

    [Fact]
    public void The_normal_tail_matches_known_values()
    {
        Assert.Equal(0.5, CanaryStatistics.NormalUpperTail(0), 6);
        Assert.Equal(0.05, CanaryStatistics.NormalUpperTail(1.6448536), 6);
        Assert.Equal(0.975, CanaryStatistics.NormalUpperTail(-1.959964), 6);
    }

    [Fact]
    public void The_error_rate_test_matches_a_hand_computed_example()
    {
        // 10/1000 vs 30/1000: pooled 0.02, se = sqrt(0.02 * 0.98 * 0.002) = 0.00626, z = 0.02 / 0.00626 = 3.194.
        var (z, p) = CanaryStatistics.ErrorRateIncrease(10, 1000, 30, 1000);

        Assert.Equal(3.194, z, 3);
        Assert.Equal(0.0007, p, 4);
        Assert.Equal((0.0, 0.5), CanaryStatistics.ErrorRateIncrease(0, 1000, 0, 1000));
    }
}
