using Keel.Storage;

namespace Keel.Features.Offline;

/// <summary>
/// Where the Parquet offline store keeps its files and its manifest, and how DuckDB may use the
/// machine when it queries them.
/// </summary>
public sealed record ParquetOfflineStoreOptions
{
    public const string Section = "Keel:Offline";

    /// <summary>The directory holding <c>&lt;tenant&gt;/&lt;view&gt;/date=YYYY-MM-DD/part-*.parquet</c>.</summary>
    public required string RootDirectory { get; init; }

    /// <summary>
    /// The SQLite manifest listing every committed file and event id; defaults to
    /// <c>_manifest.db</c> in <see cref="RootDirectory"/> (tenant names cannot start with '_', so it never collides).
    /// </summary>
    public string? ManifestPath { get; init; }

    /// <summary>
    /// How old a Parquet file absent from the manifest must be before opening the store deletes it.
    /// A younger one may belong to an append of another process that has renamed it into place
    /// but not yet committed it to the manifest.
    /// </summary>
    public TimeSpan OrphanGracePeriod { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Rows per Parquet row group; DuckDB reads row groups in parallel.</summary>
    public int RowGroupSize { get; init; } = 128 * 1024;

    /// <summary>DuckDB worker threads per query; null lets DuckDB use every core.</summary>
    public int? QueryThreads { get; init; }

    /// <summary>DuckDB memory limit per query (e.g. <c>4GB</c>); null keeps DuckDB's default of 80% of RAM, beyond which it spills to disk.</summary>
    public string? QueryMemoryLimit { get; init; }

    public string ResolvedManifestPath => ManifestPath ?? Path.Combine(RootDirectory, "_manifest.db");

    /// <summary>The embedded default: <c>offline/</c> under the data directory.</summary>
    public static ParquetOfflineStoreOptions For(StorageOptions storage) => new() { RootDirectory = storage.Resolve("offline") };
}
