namespace Keel.Retention.Storage;

/// <summary>
/// What a lifecycle policy needs from artifact storage beyond <see cref="Keel.Storage.Artifacts.IArtifactStore"/>:
/// every stored copy with its tier, deleting a copy, and moving a copy to the cold tier. Kept apart
/// from the artifact store so that code which puts and reads artifacts cannot delete them.
/// </summary>
public interface IArtifactTierStore
{
    IAsyncEnumerable<TieredArtifact> ListTieredAsync(CancellationToken cancellationToken);

    /// <summary>Deletes the copy in <paramref name="tier"/>; false when there was none.</summary>
    Task<bool> DeleteAsync(string sha256, StorageTier tier, CancellationToken cancellationToken);

    /// <summary>Copies the hot copy to the cold tier, checking its hash on the way, then deletes it; false when there was no hot copy.</summary>
    Task<bool> MoveToColdAsync(string sha256, CancellationToken cancellationToken);
}
