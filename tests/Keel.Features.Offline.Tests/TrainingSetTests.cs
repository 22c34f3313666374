using Keel.Features.Definitions;
using static Keel.Features.Offline.Tests.Build;

namespace Keel.Features.Offline.Tests;

public sealed class TrainingSetTests : IDisposable
{
    private static readonly FeatureViewDefinition Outcome = View("outcome", null, ("defaulted", FeatureType.Bool), ("loss", FeatureType.Double));
    private static readonly FeatureViewDefinition Balance = View("balance", TimeSpan.FromDays(1), ("amount", FeatureType.Double));
    private static readonly FeatureViewDefinition Profile = View("profile", null, ("segment", FeatureType.String));

    private readonly TempStore _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Every_label_row_is_a_frame_row_joined_point_in_time()
    {
        await _temp.Store.AppendAsync("acme", Outcome, "v1",
        [
            Row("c1", T0.AddDays(1), "o1", true, 100.0),
            Row("c2", T0.AddDays(1), "o2", false, null),
            Row("c1", T0.AddDays(5), "o3", false, 0.0),
            Row("c3", T0.AddDays(2), "o4", null, 5.0),
        ], CancellationToken.None);
        await _temp.Store.AppendAsync("acme", Balance, "v1",
        [
            Row("c1", T0.AddHours(12), "b1", 10.0),
            Row("c1", T0.AddDays(1).AddTicks(10), "b2", 11.0),
            Row("c2", T0, "b3", 20.0),
            Row("c1", T0.AddDays(4.5), "b4", 14.0),
        ], CancellationToken.None);
        await _temp.Store.AppendAsync("acme", Profile, "v1", [Row("c1", T0, "p1", "gold"), Row("c3", T0.AddDays(3), "p2", "new")], CancellationToken.None);

        var set = await _temp.Store.GetTrainingSetAsync("acme", Select(Outcome, "defaulted", "loss"), [Select(Balance, "amount"), Select(Profile, "segment")], CancellationToken.None);

        Assert.Equal(4, set.RowCount);
        Assert.Equal(["outcome__defaulted", "outcome__loss", "balance__amount", "profile__segment"], set.Columns.Select(c => c.Name));
        // Ordered by event time, then entity.
        Assert.Equal(["c1", "c2", "c3", "c1"], set.EntityKeys);
        Assert.Equal([T0.AddDays(1), T0.AddDays(1), T0.AddDays(2), T0.AddDays(5)], set.Timestamps);
        Assert.All(set.Timestamps, t => Assert.Equal(TimeSpan.Zero, t.Offset));
        Assert.Equal([true, false, null, false], set.Column("outcome__defaulted").Values);
        Assert.Equal([100.0, null, 5.0, 0.0], set.Column("outcome__loss").Values);
        // c1 at day 1: b2 is a microsecond later and must not leak; c2's balance is a day old,
        // exactly the TTL; c3 has none; c1 at day 5 sees b4 from half a day before.
        Assert.Equal([10.0, 20.0, null, 14.0], set.Column("balance__amount").Values);
        // c3's profile arrives after its label.
        Assert.Equal(["gold", null, null, "gold"], set.Column("profile__segment").Values);
    }

    [Fact]
    public async Task Label_rows_sharing_entity_and_time_each_stay_a_row()
    {
        await _temp.Store.AppendAsync("acme", Outcome, "v1",
            [Row("c1", T0, "o1", true, 1.0), Row("c1", T0, "o2", false, 2.0)], CancellationToken.None);

        var set = await _temp.Store.GetTrainingSetAsync("acme", Select(Outcome, "loss"), [], CancellationToken.None);

        Assert.Equal([1.0, 2.0], set.Column("outcome__loss").Values);
    }
}
