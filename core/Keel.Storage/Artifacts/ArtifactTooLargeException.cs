namespace Keel.Storage.Artifacts;

/// <summary>A put was refused because the content is larger than <see cref="ArtifactStoreOptions.MaxArtifactBytes"/>; nothing was stored.</summary>
public sealed class ArtifactTooLargeException(long limitBytes)
    : Exception($"The artifact is larger than the limit of {limitBytes} bytes (Keel:Artifacts:MaxArtifactBytes); nothing was stored.")
{
    public long LimitBytes { get; } = limitBytes;
}
