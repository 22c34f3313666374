using Keel.Drift.Profiles;

namespace Keel.Drift.Tests.Profiles;

public class NumericProfileTests
{
    [Fact]
    public void Merge_equals_building_on_the_concatenation()
    {
        var first = Samples.Normal(21, 30_000, mean: 10, sd: 3);
        var second = Samples.Normal(22, 50_000, mean: 12, sd: 1);
        var a = Build(first, seed: 1);
        a.AddMissing();
        var b = Build(second, seed: 2);
        b.AddMissing();
        b.AddMissing();
        var whole = Build([.. first, .. second], seed: 3);

        a.Merge(b);

        Assert.Equal(whole.Count, a.Count);
        Assert.Equal(3, a.Missing);
        Assert.Equal(whole.Min, a.Min);
        Assert.Equal(whole.Max, a.Max);
        Assert.Equal(whole.Mean, a.Mean, Math.Abs(whole.Mean) * 1e-12);
        Assert.Equal(whole.Variance, a.Variance, whole.Variance * 1e-10);
        Assert.True(KllSketchTests.MaxRankError(a.Sketch, [.. first, .. second]) <= KllSketch.NormalizedRankError(a.Sketch.K));
    }

    [Fact]
    public void Moments_match_a_two_pass_computation()
    {
        var values = new[] { 1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16 };

        var profile = Build(values);

        // Welford keeps the variance exact where Σx² − n·mean² would cancel to garbage at 1e9.
        Assert.Equal(1e9 + 10, profile.Mean);
        Assert.Equal(22.5, profile.Variance, 1e-9);
        Assert.Equal(30, profile.SampleVariance, 1e-9);
    }

    [Fact]
    public void Missing_values_include_NaN_and_infinities()
    {
        var profile = Build([1, double.NaN, double.PositiveInfinity, 2]);
        profile.AddMissing();

        Assert.Equal(2, profile.Count);
        Assert.Equal(3, profile.Missing);
        Assert.Equal(0.6, profile.MissingRate);
    }

    [Fact]
    public void Few_distinct_values_are_counted_exactly_until_the_limit()
    {
        var profile = Build([0, 1, 1, -0.0, 1]);

        Assert.Equal([new ValueCount(0, 2), new ValueCount(1, 3)], profile.ValueCounts);

        foreach (var v in Enumerable.Range(0, NumericProfile.DistinctValueLimit))
        {
            profile.Add(v + 0.5);
        }
        Assert.Null(profile.ValueCounts);
    }

    [Fact]
    public void Histograms_count_equal_width_and_given_bins()
    {
        var profile = Build([0, 1, 2, 3, 4, 5, 6, 7, 8, 10]);

        var equalWidth = profile.Histogram(2);
        var onEdges = profile.Histogram([2, 5, 8]);

        Assert.Equal([new HistogramBin(0, 5, 5), new HistogramBin(5, 10, 5)], equalWidth);
        // [2, 5) holds 2, 3, 4; the last bin [5, 8] holds 5 to 8.
        Assert.Equal([new HistogramBin(2, 5, 3), new HistogramBin(5, 8, 4)], onEdges);
        // Inverse-CDF quantiles at 0.2, 0.4, …: the 2nd, 4th, 6th and 8th smallest values.
        Assert.Equal([1.0, 3, 5, 7], profile.QuantileEdges(5));
    }

    private static NumericProfile Build(double[] values, ulong seed = 0)
    {
        var profile = new NumericProfile(KllSketch.DefaultK, seed);
        foreach (var v in values)
        {
            profile.Add(v);
        }
        return profile;
    }
}
