using Keel.Features.Redis;

namespace Keel.Features.Online.Tests;

[Collection(RedisCollection.Name)]
public sealed class RedisOnlineStoreTests : OnlineStoreContract, IAsyncLifetime
{
    private readonly RedisServerFixture _redis;

    // A prefix of its own keeps this test's keys apart from other tests' on a shared server.
    private readonly string _prefix = "keeltest-" + Guid.NewGuid().ToString("N")[..12];
    private readonly RedisOnlineStore _store;

    public RedisOnlineStoreTests(RedisServerFixture redis)
    {
        _redis = redis;
        _store = new RedisOnlineStore(redis.Connection, _prefix);
    }

    protected override IOnlineStore Store => _store;

    [Fact]
    public async Task Records_survive_a_new_connection()
    {
        await Store.WriteAsync(Tenant, View, "v3", ["count", "seen"], [Row("c-1", T0.AddTicks(9), "e-1", 7L, T0.AddTicks(5))], None);

        await using var connection = await _redis.ConnectAsync();
        var store = new RedisOnlineStore(connection, _prefix);
        var record = (await store.ReadAsync(Tenant, View, ["c-1"], None))[0];

        Assert.NotNull(record);
        Assert.Equal("v3", record.ViewVersion);
        Assert.Equal(T0.AddTicks(9), record.EventTime);
        Assert.Equal(7L, record.Values["count"]);
        Assert.Equal(T0.AddTicks(5), record.Values["seen"]);
        Assert.Equal(1, await store.CountAsync(Tenant, View, None));
    }

    [Fact]
    public async Task Writes_go_on_after_the_server_forgets_the_script()
    {
        await WriteScoresAsync(Row("c-1", T0, "e-1", 1L));

        await using var admin = await _redis.ConnectAsync(admin: true);
        await admin.GetServer(admin.GetEndPoints()[0]).ScriptFlushAsync();
        await WriteScoresAsync(Row("c-1", T0.AddMinutes(1), "e-2", 2L), Row("c-2", T0, "e-3", 3L));

        Assert.Equal(2L, await ScoreOfAsync("c-1"));
        Assert.Equal(3L, await ScoreOfAsync("c-2"));
    }

    [Fact]
    public async Task Keys_of_one_tenants_view_share_a_cluster_hash_slot_and_carry_the_tenant()
    {
        await Store.WriteAsync(Tenant, "scores:v1", Version, Score, [Row("c:1", T0, "e-1", 1L), Row("c-2", T0, "e-2", 2L)], None);
        await Store.WriteAsync(Tenant, "other", Version, Score, [Row("c-1", T0, "e-3", 3L)], None);

        var keys = await KeysAsync();
        var scoreKeys = keys.Where(k => k.Contains("scores")).ToArray();

        Assert.Equal(
            new[] { $"{_prefix}:{{{Tenant}:scores%3Av1}}:e:c%3A1", $"{_prefix}:{{{Tenant}:scores%3Av1}}:e:c-2", $"{_prefix}:{{{Tenant}:scores%3Av1}}:entities" },
            scoreKeys.Order());
        Assert.Single(scoreKeys.Select(k => _redis.Connection.GetHashSlot(k)).Distinct());
        Assert.Equal(5, keys.Count);
    }

    [Fact]
    public async Task Stores_with_different_key_prefixes_do_not_see_each_other()
    {
        await WriteScoresAsync(Row("c-1", T0, "e-1", 1L));
        var other = new RedisOnlineStore(_redis.Connection, _prefix + "-other");

        Assert.Null((await other.ReadAsync(Tenant, View, ["c-1"], None))[0]);
        Assert.Equal(0, await other.CountAsync(Tenant, View, None));
    }

    [Fact]
    public async Task A_small_view_is_measured_hash_by_hash_and_counts_only_its_tenant()
    {
        await WriteScoresAsync([.. Enumerable.Range(0, 10).Select(i => Row($"c-{i}", T0, $"e-{i}", (long)i))]);
        await Store.WriteAsync(NewTenant(), View, Version, Score, [.. Enumerable.Range(0, 30).Select(i => Row($"c-{i}", T0, $"o-{i}", (long)i))], None);

        var footprint = await _store.MeasureAsync(Tenant, View, None);

        Assert.Equal(10, footprint.Entities);
        Assert.False(footprint.Estimated);
        Assert.Equal(await ExactBytesAsync(Tenant), footprint.Bytes);
    }

    [Fact]
    public async Task A_large_view_is_estimated_from_a_sample_close_to_the_bytes_it_holds()
    {
        // Values of very different sizes, so a sample that ignored some would miss the mean.
        await WriteScoresAsync([.. Enumerable.Range(0, 1_000).Select(i => Row($"c-{i}", T0, $"e-{i}", new string('x', i % 7 * 8)))]);

        var footprint = await _store.MeasureAsync(Tenant, View, None);
        var exact = await ExactBytesAsync(Tenant);

        Assert.Equal(1_000, footprint.Entities);
        Assert.True(footprint.Estimated);
        Assert.InRange(footprint.Bytes, exact * 0.9, exact * 1.1);
    }

    [Fact]
    public async Task A_view_with_nothing_stored_measures_zero()
    {
        var footprint = await _store.MeasureAsync(Tenant, View, None);

        Assert.Equal(new OnlineViewFootprint(Tenant, View, 0, 0, false), footprint);
    }

    /// <summary>MEMORY USAGE of every key of the tenant's view, found by scanning the keyspace as the store avoids doing.</summary>
    private async Task<long> ExactBytesAsync(string tenant)
    {
        var database = _redis.Connection.GetDatabase();
        long bytes = 0;
        foreach (var key in (await KeysAsync()).Where(k => k.StartsWith($"{_prefix}:{{{tenant}:", StringComparison.Ordinal)))
        {
            bytes += (long)await database.ExecuteAsync("MEMORY", "USAGE", key, "SAMPLES", "0");
        }
        return bytes;
    }

    [Fact]
    public void A_key_prefix_with_braces_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new RedisOnlineStore(_redis.Connection, "keel{x}"));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        var database = _redis.Connection.GetDatabase();
        foreach (var key in await KeysAsync())
        {
            await database.KeyDeleteAsync(key);
        }
        await DeleteOtherPrefixAsync();
    }

    private async Task DeleteOtherPrefixAsync()
    {
        var database = _redis.Connection.GetDatabase();
        var server = _redis.Connection.GetServer(_redis.Connection.GetEndPoints()[0]);
        await foreach (var key in server.KeysAsync(pattern: _prefix + "-other:*"))
        {
            await database.KeyDeleteAsync(key);
        }
    }

    private async Task<List<string>> KeysAsync()
    {
        var server = _redis.Connection.GetServer(_redis.Connection.GetEndPoints()[0]);
        var keys = new List<string>();
        await foreach (var key in server.KeysAsync(pattern: _prefix + ":*", pageSize: 1000))
        {
            keys.Add(key!);
        }
        return keys;
    }
}
