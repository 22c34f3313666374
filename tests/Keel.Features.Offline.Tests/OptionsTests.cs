using Keel.Features.Definitions;
using Keel.Storage;
using static Keel.Features.Offline.Tests.Build;

namespace Keel.Features.Offline.Tests;

public sealed class OptionsTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "keel-offline-options-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Theory]
    [InlineData(0, null, null)]
    [InlineData(1024, 0, null)]
    [InlineData(1024, null, "lots")]
    [InlineData(1024, null, "1GB'; DROP")]
    public void Settings_DuckDB_would_refuse_are_rejected_when_the_store_opens(int rowGroupSize, int? threads, string? memoryLimit)
    {
        Assert.ThrowsAny<ArgumentException>(() => new ParquetOfflineStore(new ParquetOfflineStoreOptions
        {
            RootDirectory = _root,
            RowGroupSize = rowGroupSize,
            QueryThreads = threads,
            QueryMemoryLimit = memoryLimit,
        }));
    }

    [Fact]
    public async Task The_embedded_default_lives_under_the_data_directory_and_honours_query_limits()
    {
        var options = ParquetOfflineStoreOptions.For(new StorageOptions { DataDir = _root }) with { QueryThreads = 1, QueryMemoryLimit = "256MB", RowGroupSize = 2 };
        var store = new ParquetOfflineStore(options);
        var view = View("v", null, ("x", FeatureType.Int64));

        await store.AppendAsync("acme", view, "v1", [.. Enumerable.Range(0, 5).Select(i => Row("c", T0.AddMinutes(i), "e" + i, (long)i))], CancellationToken.None);
        var frame = await store.GetHistoricalFeaturesAsync("acme", Frame(("c", T0.AddMinutes(3))), [Select(view, "x")], CancellationToken.None);

        Assert.Equal(Path.Combine(Path.GetFullPath(_root), "offline"), Path.GetFullPath(options.RootDirectory));
        Assert.True(File.Exists(Path.Combine(_root, "offline", "_manifest.db")));
        Assert.Single(Directory.GetFiles(Path.Combine(_root, "offline", "acme", "v"), "*.parquet", SearchOption.AllDirectories));
        Assert.Equal([3L], frame.Column("v__x").Values);
    }
}
