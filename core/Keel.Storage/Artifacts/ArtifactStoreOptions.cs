namespace Keel.Storage.Artifacts;

/// <summary>Where the local artifact store keeps its files and the limits it enforces (<c>Keel:Artifacts</c>).</summary>
public sealed record ArtifactStoreOptions
{
    public const string Section = "Keel:Artifacts";

    /// <summary>The directory holding <c>sha256/&lt;first two hex digits&gt;/&lt;hex&gt;</c> and the <c>tmp/</c> folder of puts in progress.</summary>
    public required string RootDirectory { get; init; }

    /// <summary>
    /// Whether opening an artifact first re-hashes the file and refuses it when the hash no longer
    /// matches its name. On by default: a model or dataset that changed on disk must not be served
    /// under the address that lineage and approvals recorded. Costs one extra sequential read per open.
    /// </summary>
    public bool VerifyOnRead { get; init; } = true;

    /// <summary>The largest artifact a put accepts; a larger stream fails with <see cref="ArtifactTooLargeException"/> and stores nothing.</summary>
    public long MaxArtifactBytes { get; init; } = 16L * 1024 * 1024 * 1024;

    /// <summary>
    /// How long a temporary file of an unfinished put may stay untouched before opening the store
    /// deletes it. A younger one may belong to a put still streaming in another process.
    /// </summary>
    public TimeSpan AbandonedPutAge { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The embedded default: <c>artifacts/</c> under the data directory.</summary>
    public static ArtifactStoreOptions For(StorageOptions storage) => new() { RootDirectory = storage.Resolve("artifacts") };
}
