using Keel.Drift.Profiles;

namespace Keel.Drift.Tests.Profiles;

public class CategoricalProfileTests
{
    [Fact]
    public void Within_capacity_every_count_is_exact()
    {
        var profile = new CategoricalProfile(capacity: 3);
        foreach (var c in "abacabca")
        {
            profile.Add(c.ToString());
        }

        Assert.True(profile.IsExact);
        Assert.Equal(4, profile.CountOf("a"));
        Assert.Equal(2, profile.CountOf("b"));
        Assert.Equal(2, profile.CountOf("c"));
    }

    [Fact]
    public void Beyond_capacity_memory_is_bounded_and_frequent_categories_are_kept_within_the_stated_error()
    {
        const int capacity = 50;
        var profile = new CategoricalProfile(capacity);
        var truth = new Dictionary<string, long>();
        var random = new Random(3);
        // Ten heavy categories over a long tail of 100,000 distinct ones.
        for (var i = 0; i < 200_000; i++)
        {
            var category = random.NextDouble() < 0.5 ? $"heavy{random.Next(10)}" : $"tail{random.Next(100_000)}";
            truth[category] = truth.GetValueOrDefault(category) + 1;
            profile.Add(category);
            Assert.True(profile.Counts.Count <= 2 * capacity);
        }

        Assert.Equal(200_000, profile.Count);
        Assert.Equal(profile.Count, profile.Counts.Values.Sum() + profile.Other);
        foreach (var (category, count) in truth)
        {
            var kept = profile.CountOf(category);
            Assert.True(kept <= count, $"{category}: kept {kept} over the true {count}");
            Assert.True(count - kept <= profile.MaxCountError, $"{category}: kept {kept} of {count}, error bound {profile.MaxCountError}");
        }
        Assert.All(Enumerable.Range(0, 10), i => Assert.True(profile.CountOf($"heavy{i}") > 0));
    }

    [Fact]
    public void Merge_of_exact_profiles_equals_the_concatenation_and_reduces_when_over_capacity()
    {
        var a = new CategoricalProfile(capacity: 2);
        var b = new CategoricalProfile(capacity: 2);
        foreach (var c in "aaab")
        {
            a.Add(c.ToString());
        }
        foreach (var c in "aacc")
        {
            b.Add(c.ToString());
        }
        b.AddMissing();

        a.Merge(b);

        // a:5 b:1 c:2 is over capacity 2; the third largest count (1) comes off every entry.
        Assert.Equal(8, a.Count);
        Assert.Equal(1, a.Missing);
        Assert.Equal(4, a.CountOf("a"));
        Assert.Equal(0, a.CountOf("b"));
        Assert.Equal(1, a.CountOf("c"));
        Assert.Equal(3, a.Other);
    }

    [Fact]
    public void Merging_another_kind_is_rejected() =>
        Assert.Throws<ArgumentException>(() => new CategoricalProfile().Merge(new BinaryProfile()));
}
