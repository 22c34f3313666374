using System.Text.Json;
using Keel.Drift.Profiles;

namespace Keel.Drift.Tests.Profiles;

public class KllSketchTests
{
    private const int K = KllSketch.DefaultK;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Rank_error_on_100k_values_stays_within_KLLs_bound(int seed)
    {
        var values = Samples.Normal(seed, 100_000);
        var sketch = new KllSketch(K, (ulong)seed);
        foreach (var v in values)
        {
            sketch.Add(v);
        }

        var error = MaxRankError(sketch, values);

        Assert.False(sketch.IsExact);
        Assert.True(error <= KllSketch.NormalizedRankError(K), $"rank error {error:P3} is over the bound {KllSketch.NormalizedRankError(K):P3}");
    }

    [Fact]
    public void Retained_items_stay_bounded_over_a_million_values()
    {
        var sketch = new KllSketch(K, 7);
        var random = new Random(7);
        var peak = 0;
        for (var i = 0; i < 1_000_000; i++)
        {
            sketch.Add(random.NextDouble());
            peak = Math.Max(peak, sketch.RetainedItems);
        }

        // Capacities fall by 2/3 per level below the top, never under 8: Σ ≤ 3k + 8 per level.
        var bound = 3 * K + 8 * sketch.LevelCount;
        Assert.True(peak < bound, $"peak {peak} retained items, bound {bound}");
        // The top level only fills after ~k/2 · 2^h inputs, so levels grow as log₂(n/k).
        Assert.True(sketch.LevelCount <= Math.Ceiling(Math.Log2(2.0 * sketch.Count / K)) + 1, $"{sketch.LevelCount} levels for {sketch.Count} values");
        Assert.Equal(1_000_000, sketch.Count);
        Assert.Equal(sketch.Count, sketch.ToDistribution().TotalWeight);
    }

    [Fact]
    public void Below_capacity_the_sketch_is_exact()
    {
        var sketch = new KllSketch(K);
        foreach (var v in new[] { 5.0, 1, 4, 2, 3 })
        {
            sketch.Add(v);
        }

        Assert.True(sketch.IsExact);
        Assert.Equal(3, sketch.ToDistribution().Quantile(0.5));
        Assert.Equal(0.4, sketch.ToDistribution().Cdf(2));
    }

    [Fact]
    public void Merging_sketches_stays_within_the_bound_of_the_concatenation()
    {
        var first = Samples.Normal(11, 60_000);
        var second = Samples.Normal(12, 40_000, mean: 2, sd: 0.5);
        var a = new KllSketch(K, 1);
        var b = new KllSketch(K, 2);
        foreach (var v in first)
        {
            a.Add(v);
        }
        foreach (var v in second)
        {
            b.Add(v);
        }

        a.Merge(b);

        Assert.Equal(100_000, a.Count);
        Assert.Equal(a.Count, a.ToDistribution().TotalWeight);
        Assert.True(a.RetainedItems < a.Capacity);
        var error = MaxRankError(a, [.. first, .. second]);
        Assert.True(error <= KllSketch.NormalizedRankError(K), $"rank error {error:P3} after merge");
    }

    [Fact]
    public void The_same_inputs_and_seed_give_the_same_sketch_and_a_stored_sketch_continues_identically()
    {
        var values = Samples.Normal(5, 20_000);
        var original = new KllSketch(K, 42);
        foreach (var v in values.Take(10_000))
        {
            original.Add(v);
        }
        var restored = JsonSerializer.Deserialize<KllSketch>(JsonSerializer.Serialize(original, DriftJson.Options), DriftJson.Options)!;

        foreach (var v in values.Skip(10_000))
        {
            original.Add(v);
            restored.Add(v);
        }

        Assert.Equal(JsonSerializer.Serialize(original, DriftJson.Options), JsonSerializer.Serialize(restored, DriftJson.Options));
    }

    [Fact]
    public void A_stored_sketch_whose_levels_do_not_weigh_its_count_is_rejected() =>
        Assert.Throws<ArgumentException>(() => new KllSketch(K, 5, 0, [[1.0, 2.0], [3.0]]));

    [Fact]
    public void Non_finite_values_are_rejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new KllSketch().Add(double.NaN));

    /// <summary>The largest gap between the sketch's CDF and the true one, at 999 evenly spaced ranks.</summary>
    internal static double MaxRankError(KllSketch sketch, double[] values)
    {
        var sorted = values.Order().ToArray();
        var distribution = sketch.ToDistribution();
        double worst = 0;
        for (var i = 1; i < 1000; i++)
        {
            var x = sorted[(long)i * sorted.Length / 1000];
            var trueRank = (double)UpperBound(sorted, x) / sorted.Length;
            worst = Math.Max(worst, Math.Abs(distribution.Cdf(x) - trueRank));
        }
        return worst;
    }

    private static int UpperBound(double[] sorted, double x)
    {
        var index = Array.BinarySearch(sorted, x);
        if (index < 0)
        {
            return ~index;
        }
        while (index < sorted.Length && sorted[index] == x)
        {
            index++;
        }
        return index;
    }
}
