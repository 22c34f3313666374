namespace Keel.Storage.Artifacts;

/// <summary>
/// Content-addressed storage of artifacts (models, reports, datasets): an artifact is named by
/// the SHA-256 of its bytes, so it is immutable and stored once however often it is put. The
/// embedded default is a local directory; object storage (Azure Blob, S3) sits behind the same
/// interface in production.
/// </summary>
public interface IArtifactStore
{
    /// <summary>Stores the content and returns its address; putting the same bytes again is a no-op.</summary>
    Task<ArtifactRef> PutAsync(Stream content, string mediaType, CancellationToken cancellationToken);

    /// <summary>Opens an artifact for reading; throws <see cref="ArtifactNotFoundException"/> when it is not stored.</summary>
    Task<Stream> OpenAsync(string sha256, CancellationToken cancellationToken);

    Task<bool> ExistsAsync(string sha256, CancellationToken cancellationToken);
}

/// <summary>The address of a stored artifact: its SHA-256 (lower-case hex), size and media type.</summary>
public sealed record ArtifactRef(string Sha256, long Size, string MediaType);

public sealed class ArtifactNotFoundException(string sha256) : Exception($"No artifact with sha256 {sha256} is stored.")
{
    public string Sha256 { get; } = sha256;
}
