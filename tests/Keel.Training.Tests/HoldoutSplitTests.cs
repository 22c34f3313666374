using Keel.Training;

namespace Keel.Training.Tests;

public sealed class HoldoutSplitTests
{
    [Fact]
    public void About_the_asked_fraction_is_held_out()
    {
        var set = Synthetic.Binary(10_000);

        var held = HoldoutSplit.Assign(set.Frame, seed: 42, fraction: 0.2).Count(h => h);

        Assert.InRange(held, 1_850, 2_150);
    }

    [Fact]
    public void A_row_keeps_its_side_whatever_the_row_order()
    {
        var set = Synthetic.Binary(2_000);
        var shuffled = Synthetic.Shuffled(set, seed: 3);

        var original = Held(set.Frame, HoldoutSplit.Assign(set.Frame, 42, 0.2));
        var reordered = Held(shuffled.Frame, HoldoutSplit.Assign(shuffled.Frame, 42, 0.2));

        Assert.Equal(original.Order(), reordered.Order());
    }

    [Fact]
    public void The_seed_and_the_event_time_are_part_of_the_hash()
    {
        var time = Synthetic.Start;
        var positions = Enumerable.Range(0, 200).Select(i => HoldoutSplit.Position(42, "c" + i, time)).ToArray();

        Assert.NotEqual(positions, Enumerable.Range(0, 200).Select(i => HoldoutSplit.Position(43, "c" + i, time)));
        Assert.NotEqual(positions, Enumerable.Range(0, 200).Select(i => HoldoutSplit.Position(42, "c" + i, time.AddSeconds(1))));
        Assert.Equal(positions, Enumerable.Range(0, 200).Select(i => HoldoutSplit.Position(42, "c" + i, time.ToOffset(TimeSpan.FromHours(2)))));
        Assert.All(positions, p => Assert.InRange(p, 0, 0.999999999));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void The_fraction_must_be_strictly_between_zero_and_one(double fraction) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => HoldoutSplit.Assign(Synthetic.Binary(10).Frame, 42, fraction));

    private static IEnumerable<string> Held(Keel.Features.Offline.FeatureFrame frame, bool[] holdout) =>
        frame.EntityKeys.Where((_, i) => holdout[i]);
}
