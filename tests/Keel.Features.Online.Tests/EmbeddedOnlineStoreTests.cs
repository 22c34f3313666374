using Keel.Storage;
using Microsoft.Extensions.Options;

namespace Keel.Features.Online.Tests;

public sealed class EmbeddedOnlineStoreTests : OnlineStoreContract, IDisposable
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("keel-online-").FullName;
    private readonly EmbeddedOnlineStore _store;

    public EmbeddedOnlineStoreTests()
    {
        _store = Open();
    }

    protected override IOnlineStore Store => _store;

    private string DatabasePath => Path.Combine(_dataDir, "online.db");

    private EmbeddedOnlineStore Open() => new(DatabasePath);

    [Fact]
    public async Task Records_survive_reopening_the_store_from_its_directory()
    {
        var seen = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(-5)).AddTicks(3);
        string[] names = ["count", "ratio", "name", "flag", "seen", "missing"];
        await Store.WriteAsync(Tenant, View, "v3", names, [Row("c-1", T0.AddTicks(9), "e-1", 7L, 2.5, "x", true, seen, null), Row("c-2", T0, "e-2", 8L, 0.5, "y", false, seen, 1L)], None);

        var reopened = Open();
        var record = (await reopened.ReadAsync(Tenant, View, ["c-1"], None))[0];

        Assert.NotNull(record);
        Assert.Equal("v3", record.ViewVersion);
        Assert.Equal("e-1", record.EventId);
        Assert.Equal(T0.AddTicks(9), record.EventTime);
        Assert.Equal(7L, Assert.IsType<long>(record.Values["count"]));
        Assert.Equal(2.5, Assert.IsType<double>(record.Values["ratio"]));
        Assert.Equal("x", Assert.IsType<string>(record.Values["name"]));
        Assert.True(Assert.IsType<bool>(record.Values["flag"]));
        Assert.Equal(seen, Assert.IsType<DateTimeOffset>(record.Values["seen"]));
        Assert.Null(record.Values["missing"]);
        Assert.Equal(2, await reopened.CountAsync(Tenant, View, None));
    }

    [Fact]
    public async Task Last_writer_wins_holds_across_a_reopen()
    {
        await WriteScoresAsync(Row("c-1", T0.AddHours(1), "e-new", 2L));

        var reopened = Open();
        await reopened.WriteAsync(Tenant, View, Version, Score, [Row("c-1", T0, "e-old", 1L)], None);

        Assert.Equal(2L, (await reopened.ReadAsync(Tenant, View, ["c-1"], None))[0]!.Values["score"]);
        Assert.Equal(2L, (await Open().ReadAsync(Tenant, View, ["c-1"], None))[0]!.Values["score"]);
    }

    [Fact]
    public async Task A_cancelled_write_stores_nothing()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Store.WriteAsync(Tenant, View, Version, Score, [Row("c-1", T0, "e-1", 1L)], cancelled.Token));

        Assert.Null(await ReadOneAsync("c-1"));
        Assert.Null((await Open().ReadAsync(Tenant, View, ["c-1"], None))[0]);
    }

    [Fact]
    public async Task The_file_lives_under_the_data_directory_by_default()
    {
        var store = new EmbeddedOnlineStore(Options.Create(new EmbeddedOnlineStoreOptions()), Options.Create(new StorageOptions { DataDir = _dataDir }));
        await store.WriteAsync(Tenant, View, Version, Score, [Row("c-1", T0, "e-1", 1L)], None);

        Assert.Equal(Path.Combine(_dataDir, "online", "online.db"), store.DatabasePath);
        Assert.True(File.Exists(store.DatabasePath));
    }

    public void Dispose()
    {
        Directory.Delete(_dataDir, recursive: true);
    }
}
