using Keel.Features.Definitions;
using static Keel.Features.Offline.Tests.Build;

namespace Keel.Features.Offline.Tests;

public sealed class PointInTimeTests : IDisposable
{
    private static readonly FeatureViewDefinition Balance = View("balance", TimeSpan.FromDays(2), ("amount", FeatureType.Double));
    private static readonly FeatureViewDefinition Profile = View("profile", null, ("segment", FeatureType.String));

    private readonly TempStore _temp = new();

    public void Dispose() => _temp.Dispose();

    private Task<FeatureFrame> Historical(string tenant, EntityFrame frame, params ViewSelection[] views) =>
        _temp.Store.GetHistoricalFeaturesAsync(tenant, frame, views, CancellationToken.None);

    [Fact]
    public async Task A_value_from_after_the_row_timestamp_does_not_leak()
    {
        await _temp.Store.AppendAsync("acme", Balance, "v1",
        [
            Row("c1", T0, "e1", 10.0),
            Row("c1", T0.AddHours(5), "e2", 50.0),
            Row("c1", T0.AddHours(5).AddTicks(10), "e3", 51.0),
        ], CancellationToken.None);

        var frame = await Historical("acme", Frame(("c1", T0.AddHours(4)), ("c1", T0.AddHours(5).AddTicks(9))), Select(Balance, "amount"));

        // One microsecond before the later value, the earlier one still holds.
        Assert.Equal([10.0, 50.0], frame.Column("balance__amount").Values);
    }

    [Fact]
    public async Task A_value_at_exactly_the_row_timestamp_is_included()
    {
        await _temp.Store.AppendAsync("acme", Balance, "v1", [Row("c1", T0, "e1", 10.0), Row("c1", T0.AddHours(5), "e2", 50.0)], CancellationToken.None);

        var frame = await Historical("acme", Frame(("c1", T0.AddHours(5)), ("c1", T0)), Select(Balance, "amount"));

        Assert.Equal([50.0, 10.0], frame.Column("balance__amount").Values);
    }

    [Fact]
    public async Task An_entity_without_an_earlier_row_gets_nulls()
    {
        await _temp.Store.AppendAsync("acme", Balance, "v1", [Row("c1", T0.AddHours(5), "e1", 50.0), Row("c2", T0, "e2", 20.0)], CancellationToken.None);

        var frame = await Historical("acme", Frame(("c1", T0.AddHours(1)), ("c3", T0.AddHours(6)), ("c2", T0.AddHours(6))), Select(Balance, "amount"));

        Assert.Equal([null, null, 20.0], frame.Column("balance__amount").Values);
    }

    [Fact]
    public async Task An_expired_value_is_null_while_a_fresh_one_of_another_view_shows()
    {
        await _temp.Store.AppendAsync("acme", Balance, "v1",
        [
            Row("c1", T0, "e1", 10.0),
            Row("c1", T0.AddDays(3), "e2", 30.0),
        ], CancellationToken.None);
        await _temp.Store.AppendAsync("acme", Profile, "v1", [Row("c1", T0, "p1", "gold")], CancellationToken.None);

        var frame = await Historical("acme",
            Frame(("c1", T0.AddDays(2)), ("c1", T0.AddDays(2).AddTicks(10)), ("c1", T0.AddDays(3).AddHours(1))),
            Select(Balance, "amount"), Select(Profile, "segment"));

        // Exactly the TTL old is still valid; a microsecond more is not, and the TTL-expired row
        // does not fall back to anything older.
        Assert.Equal([10.0, null, 30.0], frame.Column("balance__amount").Values);
        // The profile view has no TTL: its one row holds for ever.
        Assert.Equal(["gold", "gold", "gold"], frame.Column("profile__segment").Values);
        Assert.Equal(["balance__amount", "profile__segment"], frame.Columns.Select(c => c.Name));
    }

    [Fact]
    public async Task Rows_at_the_same_event_time_resolve_to_the_latest_created_then_the_greatest_event_id()
    {
        await _temp.Store.AppendAsync("acme", Balance, "v1",
        [
            Row("c1", T0, T0.AddMinutes(1), "e-b", 1.0),
            Row("c1", T0, T0.AddMinutes(3), "e-a", 3.0),
            Row("c1", T0, T0.AddMinutes(2), "e-c", 2.0),
            Row("c2", T0, T0, "e-1", 1.0),
            Row("c2", T0, T0, "e-2", 2.0),
        ], CancellationToken.None);
        // A correction of the same event time arrives later, in another file.
        await _temp.Store.AppendAsync("acme", Balance, "v1", [Row("c2", T0, T0, "e-0", 0.0)], CancellationToken.None);

        var frame = await Historical("acme", Frame(("c1", T0.AddHours(1)), ("c2", T0.AddHours(1))), Select(Balance, "amount"));

        Assert.Equal([3.0, 2.0], frame.Column("balance__amount").Values);
    }

    [Fact]
    public async Task Rows_keep_the_frame_order_with_repeated_and_unsorted_rows()
    {
        await _temp.Store.AppendAsync("acme", Balance, "v1",
            [.. Enumerable.Range(0, 10).Select(i => Row("c" + (i % 3), T0.AddHours(i), "e" + i, (double)i))], CancellationToken.None);
        var asked = new[] { ("c2", T0.AddHours(9)), ("c0", T0.AddHours(1)), ("c2", T0.AddHours(9)), ("c1", T0.AddHours(4)), ("c0", T0.AddHours(100)) };

        var frame = await Historical("acme", Frame(asked), Select(Balance, "amount"));

        Assert.Equal(asked.Select(a => a.Item1), frame.EntityKeys);
        Assert.Equal(asked.Select(a => a.Item2), frame.Timestamps);
        Assert.Equal([8.0, 0.0, 8.0, 4.0, null], frame.Column("balance__amount").Values);
    }

    [Fact]
    public async Task A_tenant_never_sees_another_tenants_rows()
    {
        await _temp.Store.AppendAsync("acme", Balance, "v1", [Row("c1", T0, "e1", 10.0)], CancellationToken.None);
        await _temp.Store.AppendAsync("globex", Balance, "v1", [Row("c1", T0.AddHours(1), "e1", 99.0), Row("c2", T0, "e2", 7.0)], CancellationToken.None);

        var acme = await Historical("acme", Frame(("c1", T0.AddHours(2)), ("c2", T0.AddHours(2))), Select(Balance, "amount"));
        var initech = await Historical("initech", Frame(("c1", T0.AddHours(2))), Select(Balance, "amount"));

        Assert.Equal([10.0, null], acme.Column("balance__amount").Values);
        Assert.Equal([null], initech.Column("balance__amount").Values);
        // The same event id in two tenants is two events.
        Assert.Equal(1, await _temp.Store.CountAsync("acme", "balance", CancellationToken.None));
        Assert.Equal(2, await _temp.Store.CountAsync("globex", "balance", CancellationToken.None));
        var latest = await _temp.Store.LatestPerEntityAsync("acme", Balance, T0, T0.AddDays(1), CancellationToken.None);
        Assert.Equal(["c1"], latest.Select(r => r.EntityKey));
        var training = await _temp.Store.GetTrainingSetAsync("acme", Select(Balance, "amount"), [], CancellationToken.None);
        Assert.Equal([10.0], training.Column("balance__amount").Values);
    }

    [Fact]
    public async Task Asking_for_a_feature_the_view_does_not_have_is_an_argument_error()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Historical("acme", Frame(("c1", T0)), Select(Balance, "nope")));

        Assert.Contains("nope", error.Message);
    }

    [Fact]
    public async Task An_empty_feature_list_selects_every_feature_of_the_view()
    {
        var wide = View("wide", null, ("a", FeatureType.Int64), ("b", FeatureType.String));
        await _temp.Store.AppendAsync("acme", wide, "v1", [Row("c1", T0, "e1", 1L, "x")], CancellationToken.None);

        var frame = await Historical("acme", Frame(("c1", T0)), new ViewSelection(wide, "v1", []));

        Assert.Equal(["wide__a", "wide__b"], frame.Columns.Select(c => c.Name));
        Assert.Equal([1L], frame.Column("wide__a").Values);
    }

    [Fact]
    public async Task An_empty_frame_gives_an_empty_result()
    {
        await _temp.Store.AppendAsync("acme", Balance, "v1", [Row("c1", T0, "e1", 10.0)], CancellationToken.None);

        var frame = await Historical("acme", Frame(), Select(Balance, "amount"));

        Assert.Equal(0, frame.RowCount);
        Assert.Empty(frame.Column("balance__amount").Values);
    }

    [Fact]
    public async Task A_cancelled_query_throws_operation_cancelled()
    {
        await _temp.Store.AppendAsync("acme", Balance, "v1", [Row("c1", T0, "e1", 10.0)], CancellationToken.None);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            _temp.Store.GetHistoricalFeaturesAsync("acme", Frame(("c1", T0)), [Select(Balance, "amount")], cancelled.Token));
    }
}
