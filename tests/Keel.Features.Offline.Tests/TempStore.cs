using Keel.Features.Definitions;

namespace Keel.Features.Offline.Tests;

/// <summary>A Parquet offline store in a fresh temporary directory, removed on dispose.</summary>
public sealed class TempStore : IDisposable
{
    public TempStore(TimeSpan? orphanGracePeriod = null)
    {
        Root = Path.Combine(Path.GetTempPath(), "keel-offline-" + Guid.NewGuid().ToString("N"));
        Options = new ParquetOfflineStoreOptions
        {
            RootDirectory = Root,
            OrphanGracePeriod = orphanGracePeriod ?? TimeSpan.FromMinutes(15),
            QueryThreads = 2,
        };
        Store = new ParquetOfflineStore(Options);
    }

    public string Root { get; }

    public ParquetOfflineStoreOptions Options { get; }

    public ParquetOfflineStore Store { get; private set; }

    /// <summary>Opens the store again on the same files, as a restarted process would.</summary>
    public ParquetOfflineStore Reopen(TimeSpan orphanGracePeriod) => Store = new ParquetOfflineStore(Options with { OrphanGracePeriod = orphanGracePeriod });

    public string[] ParquetFiles() => Directory.GetFiles(Root, "*.parquet", SearchOption.AllDirectories);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by the OS on a slow close; the temp directory is cleaned eventually.
        }
    }
}

/// <summary>Small builders for views and rows.</summary>
public static class Build
{
    public static readonly DateTimeOffset T0 = new(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);

    public static FeatureViewDefinition View(string name, TimeSpan? ttl, params (string Name, FeatureType Type)[] features) => new()
    {
        Name = name,
        Entity = "customer",
        Source = "events",
        Ttl = ttl,
        Features = [.. features.Select(f => new FeatureDefinition { Name = f.Name, Type = f.Type })],
    };

    public static FeatureRow Row(string entity, DateTimeOffset at, string eventId, params object?[] values) =>
        new(entity, at, at, eventId, values);

    public static FeatureRow Row(string entity, DateTimeOffset at, DateTimeOffset created, string eventId, params object?[] values) =>
        new(entity, at, created, eventId, values);

    public static ViewSelection Select(FeatureViewDefinition view, params string[] features) => new(view, "v1", features);

    public static EntityFrame Frame(params (string Entity, DateTimeOffset At)[] rows) =>
        new([.. rows.Select(r => r.Entity)], [.. rows.Select(r => r.At)]);
}
