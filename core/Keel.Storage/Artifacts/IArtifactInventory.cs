namespace Keel.Storage.Artifacts;

/// <summary>
/// Enumerates what an artifact store holds, for lifecycle policies (retention, garbage collection,
/// usage by size). Kept apart from <see cref="IArtifactStore"/> so that code which only puts and
/// reads artifacts does not depend on listing, which object stores page through slowly.
/// </summary>
public interface IArtifactInventory
{
    /// <summary>Every stored artifact, in no particular order; puts still in progress are not included.</summary>
    IAsyncEnumerable<StoredArtifact> ListAsync(CancellationToken cancellationToken);
}
