namespace Keel.Features.Online.Tests;

public abstract partial class OnlineStoreContract
{
    [Fact]
    public async Task An_older_event_does_not_overwrite_a_newer_one()
    {
        await WriteScoresAsync(Row("c-1", T0.AddMinutes(10), "e-new", 2L));
        await WriteScoresAsync(Row("c-1", T0, "e-old", 1L));

        Assert.Equal(2L, await ScoreOfAsync("c-1"));
        Assert.Equal("e-new", (await ReadOneAsync("c-1"))!.EventId);

        await WriteScoresAsync(Row("c-1", T0.AddMinutes(10).AddTicks(1), "e-newer", 3L));
        Assert.Equal(3L, await ScoreOfAsync("c-1"));
    }

    [Fact]
    public async Task At_equal_event_time_the_greater_event_id_wins()
    {
        await WriteScoresAsync(Row("c-1", T0, "evt-b", 2L));
        await WriteScoresAsync(Row("c-1", T0, "evt-a", 1L));
        Assert.Equal(2L, await ScoreOfAsync("c-1"));

        await WriteScoresAsync(Row("c-1", T0, "evt-c", 3L));
        Assert.Equal(3L, await ScoreOfAsync("c-1"));

        // Ids compare as text, ordinally: "evt-9" is greater than "evt-10".
        await WriteScoresAsync(Row("c-2", T0, "evt-9", 9L));
        await WriteScoresAsync(Row("c-2", T0, "evt-10", 10L));
        Assert.Equal(9L, await ScoreOfAsync("c-2"));
    }

    [Fact]
    public async Task Replaying_a_row_changes_nothing()
    {
        var first = Row("c-1", T0, "e-1", 1L);
        var second = Row("c-1", T0.AddHours(1), "e-2", 2L);
        await WriteScoresAsync(first);
        await WriteScoresAsync(second);

        await WriteScoresAsync(first);
        await WriteScoresAsync(second);
        // The same event again, even carrying other values, is the same event: it is not applied twice.
        await WriteScoresAsync(Row("c-1", T0.AddHours(1), "e-2", 99L));

        var record = await ReadOneAsync("c-1");
        Assert.Equal("e-2", record!.EventId);
        Assert.Equal(2L, record.Values["score"]);
        Assert.Equal(1, await Store.CountAsync(Tenant, View, None));
    }

    [Fact]
    public async Task Within_one_write_the_newest_row_of_an_entity_wins_whatever_its_position()
    {
        await WriteScoresAsync(
            Row("c-1", T0.AddMinutes(2), "e-2", 2L),
            Row("c-1", T0.AddMinutes(5), "e-5", 5L),
            Row("c-1", T0.AddMinutes(1), "e-1", 1L));

        Assert.Equal(5L, await ScoreOfAsync("c-1"));
    }

    [Fact]
    public async Task A_newer_row_replaces_the_whole_record()
    {
        await Store.WriteAsync(Tenant, View, "v1", ["a", "b", "c"], [Row("c-1", T0, "e-1", 1L, 2L, 3L)], None);
        await Store.WriteAsync(Tenant, View, "v2", ["a", "b"], [Row("c-1", T0.AddMinutes(1), "e-2", 10L, null)], None);
        await Store.WriteAsync(Tenant, View, "v0", ["x"], [Row("c-1", T0.AddMinutes(-1), "e-0", "old")], None);

        var record = await ReadOneAsync("c-1");
        Assert.NotNull(record);
        Assert.Equal("v2", record.ViewVersion);
        Assert.Equal(new[] { "a", "b" }, record.Values.Keys.Order());
        Assert.Equal(10L, record.Values["a"]);
        Assert.Null(record.Values["b"]);
    }

    [Fact]
    public async Task Concurrent_writers_of_one_entity_end_with_the_newest_row()
    {
        const int writers = 8;
        const int rowsPerWriter = 25;
        // Event times interleave across writers, and each writer sends them in shuffled order.
        var work = Enumerable.Range(0, writers)
            .Select(w => Enumerable.Range(0, rowsPerWriter).Select(r => r * writers + w).OrderBy(_ => Random.Shared.Next()).ToArray())
            .ToArray();

        await Task.WhenAll(work.Select(minutes => Task.Run(async () =>
        {
            foreach (var minute in minutes)
            {
                await WriteScoresAsync(Row("c-1", T0.AddMinutes(minute), $"e-{minute}", (long)minute));
            }
        })));

        const long newest = writers * rowsPerWriter - 1;
        var record = await ReadOneAsync("c-1");
        Assert.Equal(newest, record!.Values["score"]);
        Assert.Equal(T0.AddMinutes(newest), record.EventTime);
        Assert.Equal(1, await Store.CountAsync(Tenant, View, None));
    }

    [Fact]
    public async Task Concurrent_writers_at_one_event_time_end_with_the_greatest_event_id()
    {
        var ids = Enumerable.Range(0, 64).Select(i => $"id-{i:D3}").OrderBy(_ => Random.Shared.Next()).ToArray();

        await Task.WhenAll(ids.Select(id => Task.Run(() => WriteScoresAsync(Row("c-1", T0, id, id)))));

        Assert.Equal("id-063", await ScoreOfAsync("c-1"));
    }
}
