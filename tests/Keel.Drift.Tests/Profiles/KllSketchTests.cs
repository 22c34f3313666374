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
    [InlineData(4)]
    [InlineData(5)]
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

    [Theory]
    [InlineData(6)]
    [InlineData(7)]
    public void Rank_error_stays_within_the_bound_once_the_sampler_feeds_the_sketch(int seed)
    {
        var values = Samples.Normal(seed, 1_500_000);
        var sketch = new KllSketch(K, (ulong)seed);
        foreach (var v in values)
        {
            sketch.Add(v);
        }

        Assert.True(sketch.LowestLevel >= 2, $"lowest level {sketch.LowestLevel}");
        Assert.Equal(sketch.Count, sketch.ToDistribution().TotalWeight);
        var error = MaxRankError(sketch, values);
        Assert.True(error <= KllSketch.NormalizedRankError(K), $"rank error {error:P3} is over the bound {KllSketch.NormalizedRankError(K):P3}");
    }

    [Fact]
    public void Capacity_and_levels_stop_growing_over_a_million_values()
    {
        var sketch = new KllSketch(K, 7);
        var random = new Random(7);
        var peak = 0;
        for (var i = 0; i < 1_000_000; i++)
        {
            sketch.Add(random.NextDouble());
            peak = Math.Max(peak, sketch.RetainedItems);
            Assert.Equal(sketch.FullCapacity, sketch.Capacity);
            Assert.True(sketch.LevelCount <= sketch.MaxLevelCount);
        }

        // Levels of k·(2/3)^depth ≥ 8 (eight at k = 200) plus two of 8: 200 + 134 + 89 + 60 + 40 + 27 + 18 + 12 + 8 + 8.
        Assert.Equal(10, sketch.MaxLevelCount);
        Assert.Equal(596, sketch.FullCapacity);
        Assert.True(peak <= sketch.FullCapacity, $"peak {peak} retained items, capacity {sketch.FullCapacity}");
        Assert.Equal(sketch.MaxLevelCount, sketch.LevelCount);
        Assert.True(sketch.LowestLevel > 0);
        Assert.Equal(1_000_000, sketch.Count);
        Assert.Equal(sketch.Count, sketch.ToDistribution().TotalWeight);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void The_sampler_keeps_the_total_weight_equal_to_the_count_after_every_value(int seed)
    {
        var sketch = new KllSketch(K, (ulong)seed);
        var random = new Random(seed);
        for (var i = 1; i <= 700_000; i++)
        {
            sketch.Add(random.NextDouble());
            if (i % 997 == 0 || i > 699_990)
            {
                Assert.Equal(i, sketch.ToDistribution().TotalWeight);
            }
        }
        Assert.True(sketch.LowestLevel > 0);
        Assert.True(sketch.PendingWeight < 1L << sketch.LowestLevel);
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

    [Theory]
    [InlineData(1, false)]
    [InlineData(1, true)]
    [InlineData(2, false)]
    [InlineData(2, true)]
    [InlineData(3, false)]
    public void Merging_sketches_with_different_lowest_levels_lifts_the_lower_one(int seed, bool largeIntoSmall)
    {
        var large = Samples.Normal(seed, 1_200_000);
        var small = Samples.Normal(seed + 100, 150_000, mean: 1, sd: 0.5);
        var a = new KllSketch(K, (ulong)seed);
        var b = new KllSketch(K, (ulong)seed + 1);
        foreach (var v in large)
        {
            a.Add(v);
        }
        foreach (var v in small)
        {
            b.Add(v);
        }
        var (into, from) = largeIntoSmall ? (b, a) : (a, b);
        var fromJson = JsonSerializer.Serialize(from, DriftJson.Options);
        Assert.NotEqual(a.LowestLevel, b.LowestLevel);
        var lowest = Math.Max(a.LowestLevel, b.LowestLevel);

        into.Merge(from);

        Assert.Equal(fromJson, JsonSerializer.Serialize(from, DriftJson.Options));
        Assert.Equal(large.Length + small.Length, into.Count);
        Assert.Equal(into.Count, into.ToDistribution().TotalWeight);
        Assert.Equal(into.FullCapacity, into.Capacity);
        Assert.True(into.RetainedItems <= into.Capacity);
        Assert.True(into.LowestLevel >= lowest, $"lowest level {into.LowestLevel} after merging sketches at {a.LowestLevel} and {b.LowestLevel}");
        var error = MaxRankError(into, [.. large, .. small]);
        Assert.True(error <= KllSketch.NormalizedRankError(K), $"rank error {error:P3} after merge");
    }

    [Fact]
    public void A_sketch_merged_with_itself_weighs_twice_its_count()
    {
        var sketch = new KllSketch(K, 3);
        var random = new Random(3);
        for (var i = 0; i < 500_001; i++)
        {
            sketch.Add(random.NextDouble());
        }

        sketch.Merge(sketch);

        Assert.Equal(1_000_002, sketch.Count);
        Assert.Equal(sketch.Count, sketch.ToDistribution().TotalWeight);
    }

    [Theory]
    [InlineData(20_000)]
    [InlineData(1_000_001)]
    public void The_same_inputs_and_seed_give_the_same_sketch_and_a_stored_sketch_continues_identically(int n)
    {
        var values = Samples.Normal(5, n);
        var original = new KllSketch(K, 42);
        foreach (var v in values.Take(n / 2))
        {
            original.Add(v);
        }
        var restored = JsonSerializer.Deserialize<KllSketch>(JsonSerializer.Serialize(original, DriftJson.Options), DriftJson.Options)!;

        foreach (var v in values.Skip(n / 2))
        {
            original.Add(v);
            restored.Add(v);
        }

        Assert.Equal(JsonSerializer.Serialize(original, DriftJson.Options), JsonSerializer.Serialize(restored, DriftJson.Options));
        Assert.Equal(n > 500_000, original.LowestLevel > 0);
    }

    [Fact]
    public void A_sketch_stored_before_the_sampler_is_read_as_written_and_lifted_on_its_next_add()
    {
        // Thirteen levels of eight items, as the sketch kept without a sampler: 8 · (2^13 − 1) values.
        var levels = string.Join(",", Enumerable.Range(0, 13).Select(h => $"[{string.Join(",", Enumerable.Range(0, 8).Select(i => h * 8 + i))}]"));
        var json = $$"""{"k":200,"count":65528,"randomState":9,"levels":[{{levels}}]}""";

        var sketch = JsonSerializer.Deserialize<KllSketch>(json, DriftJson.Options)!;

        Assert.Equal(13, sketch.LevelCount);
        Assert.Equal(0, sketch.LowestLevel);
        Assert.Equal(65_528, sketch.ToDistribution().TotalWeight);
        sketch.Add(0.5);
        Assert.Equal(sketch.MaxLevelCount, sketch.LevelCount);
        Assert.Equal(3, sketch.LowestLevel);
        Assert.Equal(sketch.FullCapacity, sketch.Capacity);
        Assert.Equal(65_529, sketch.ToDistribution().TotalWeight);
    }

    [Fact]
    public void An_exact_sketch_is_stored_without_sampler_fields()
    {
        var sketch = new KllSketch(K, 1);
        sketch.Add(1);

        Assert.Equal("""{"k":200,"count":1,"randomState":1,"levels":[[1]]}""", JsonSerializer.Serialize(sketch, DriftJson.Compact));
    }

    [Fact]
    public void A_stored_sketch_whose_levels_do_not_weigh_its_count_is_rejected() =>
        Assert.Throws<ArgumentException>(() => new KllSketch(K, 5, 0, [[1.0, 2.0], [3.0]]));

    [Theory]
    [InlineData(4, 1.0)]
    [InlineData(1, null)]
    [InlineData(-1, null)]
    public void A_stored_sampler_with_an_impossible_pending_block_is_rejected(long pendingWeight, double? pendingItem) =>
        Assert.ThrowsAny<ArgumentException>(() => new KllSketch(K, 8 + pendingWeight, 0, [[1.0, 2.0]], lowestLevel: 2, pendingWeight, pendingItem));

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
