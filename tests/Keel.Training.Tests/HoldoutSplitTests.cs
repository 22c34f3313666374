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
    public void The_seed_and_the_entity_decide_the_side()
    {
        var positions = Enumerable.Range(0, 200).Select(i => HoldoutSplit.Position(42, "c" + i)).ToArray();

        Assert.NotEqual(positions, Enumerable.Range(0, 200).Select(i => HoldoutSplit.Position(43, "c" + i)));
        Assert.Equal(positions, Enumerable.Range(0, 200).Select(i => HoldoutSplit.Position(42, "c" + i)));
        Assert.All(positions, p => Assert.InRange(p, 0, 0.999999999));
    }

    [Fact]
    public void Every_row_of_an_entity_is_on_the_same_side_whenever_it_was_recorded()
    {
        var set = Synthetic.Binary(400);
        var held = HoldoutSplit.Assign(set.Frame, 42, 0.2);
        var sides = Enumerable.Range(0, set.Frame.RowCount)
            .GroupBy(row => set.Frame.EntityKeys[row])
            .Select(rows => rows.Select(row => held[row]).Distinct().Count());

        Assert.All(sides, count => Assert.Equal(1, count));
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
