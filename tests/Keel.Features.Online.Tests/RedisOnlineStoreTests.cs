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
