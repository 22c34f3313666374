namespace Keel.Features.Online.Tests;

public abstract partial class OnlineStoreContract
{
    [Fact]
    public async Task Every_value_type_reads_back_with_its_type_and_value()
    {
        string[] names = ["count", "ratio", "name", "flag", "seen", "missing", "max", "min", "negative_zero", "nan", "minus_infinity", "epsilon", "empty", "looks_null", "looks_encoded", "off"];
        var seen = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)).AddTicks(1_234_567);
        object?[] values = [42L, 0.1, "Zoë ✓ 漢字", true, seen, null, long.MaxValue, long.MinValue, -0.0, double.NaN, double.NegativeInfinity, double.Epsilon, "", "n", "s:x:y\nz", false];

        await Store.WriteAsync(Tenant, View, Version, names, [Row("c-1", T0, "e-1", values)], None);
        var record = await ReadOneAsync("c-1");

        Assert.NotNull(record);
        var read = record.Values;
        Assert.Equal(names.Length, read.Count);
        Assert.Equal(42L, Assert.IsType<long>(read["count"]));
        Assert.Equal(0.1, Assert.IsType<double>(read["ratio"]));
        Assert.Equal("Zoë ✓ 漢字", Assert.IsType<string>(read["name"]));
        Assert.True(Assert.IsType<bool>(read["flag"]));
        var time = Assert.IsType<DateTimeOffset>(read["seen"]);
        Assert.Equal(seen.UtcTicks, time.UtcTicks);
        Assert.Equal(TimeSpan.Zero, time.Offset);
        Assert.True(read.ContainsKey("missing"));
        Assert.Null(read["missing"]);
        Assert.Equal(long.MaxValue, Assert.IsType<long>(read["max"]));
        Assert.Equal(long.MinValue, Assert.IsType<long>(read["min"]));
        Assert.True(double.IsNegative(Assert.IsType<double>(read["negative_zero"])));
        Assert.True(double.IsNaN(Assert.IsType<double>(read["nan"])));
        Assert.Equal(double.NegativeInfinity, Assert.IsType<double>(read["minus_infinity"]));
        Assert.Equal(double.Epsilon, Assert.IsType<double>(read["epsilon"]));
        Assert.Equal("", Assert.IsType<string>(read["empty"]));
        Assert.Equal("n", Assert.IsType<string>(read["looks_null"]));
        Assert.Equal("s:x:y\nz", Assert.IsType<string>(read["looks_encoded"]));
        Assert.False(Assert.IsType<bool>(read["off"]));
    }

    [Fact]
    public async Task A_record_carries_its_event_to_the_tick_and_its_view_version()
    {
        var eventTime = new DateTimeOffset(2026, 3, 1, 14, 0, 0, TimeSpan.FromHours(2)).AddTicks(7);

        await Store.WriteAsync(Tenant, View, "v7", Score, [Row("c-1", eventTime, "event-42", 1.5)], None);
        var record = await ReadOneAsync("c-1");

        Assert.NotNull(record);
        Assert.Equal("c-1", record.EntityKey);
        Assert.Equal("v7", record.ViewVersion);
        Assert.Equal("event-42", record.EventId);
        Assert.Equal(eventTime.UtcTicks, record.EventTime.UtcTicks);
        Assert.Equal(TimeSpan.Zero, record.EventTime.Offset);
    }

    [Fact]
    public async Task Reads_answer_in_the_order_asked_with_null_where_missing()
    {
        await WriteScoresAsync(Row("a", T0, "e-a", 1L), Row("b", T0, "e-b", 2L), Row("c", T0, "e-c", 3L));

        var read = await Store.ReadAsync(Tenant, View, ["c", "nobody", "a", "a", "b"], None);

        Assert.Equal(5, read.Count);
        Assert.Equal("c", read[0]!.EntityKey);
        Assert.Equal(3L, read[0]!.Values["score"]);
        Assert.Null(read[1]);
        Assert.Equal(1L, read[2]!.Values["score"]);
        Assert.Equal(1L, read[3]!.Values["score"]);
        Assert.Equal(2L, read[4]!.Values["score"]);
        Assert.Empty(await Store.ReadAsync(Tenant, View, [], None));
        Assert.All(await Store.ReadAsync(Tenant, "never-written", ["a", "b"], None), Assert.Null);
    }

    [Fact]
    public async Task A_large_batch_round_trips()
    {
        const int count = 10_000;
        string[] names = ["n", "x", "label"];
        var rows = Enumerable.Range(0, count)
            .Select(i => Row($"entity-{i}", T0.AddSeconds(i), $"e-{i}", (long)i, i / 7.0, $"label {i}"))
            .ToArray();

        await Store.WriteAsync(Tenant, View, Version, names, rows, None);
        var read = await Store.ReadAsync(Tenant, View, [.. rows.Select(r => r.EntityKey)], None);

        Assert.Equal(count, await Store.CountAsync(Tenant, View, None));
        for (var i = 0; i < count; i++)
        {
            var record = read[i];
            Assert.NotNull(record);
            Assert.Equal($"entity-{i}", record.EntityKey);
            Assert.Equal(T0.AddSeconds(i), record.EventTime);
            Assert.Equal((long)i, record.Values["n"]);
            Assert.Equal(i / 7.0, record.Values["x"]);
            Assert.Equal($"label {i}", record.Values["label"]);
        }
    }
}
