using System.Runtime.CompilerServices;
using Keel.Storage.Artifacts;

namespace Keel.Retention.Storage;

/// <summary>
/// The embedded artifact store with a cold tier: two content-addressed directories. The local store
/// has no tier of its own, so the cold tier is a second <see cref="LocalArtifactStore"/> (on a
/// cheaper volume, typically) and this class stands in for the store everywhere: puts go to the hot
/// directory, reads fall through to the cold one, so a moved artifact stays readable under its
/// address. Object stores have tiers of their own (Azure Blob access tiers, S3 storage classes);
/// an <see cref="IArtifactTierStore"/> for them would set the tier instead of copying.
/// </summary>
public sealed class LocalArtifactTiers(LocalArtifactStore hot, LocalArtifactStore cold) : IArtifactStore, IArtifactInventory, IArtifactTierStore
{
    private const string MovedMediaType = "application/octet-stream";

    public LocalArtifactStore Hot { get; } = hot ?? throw new ArgumentNullException(nameof(hot));

    public LocalArtifactStore Cold { get; } = cold ?? throw new ArgumentNullException(nameof(cold));

    public Task<ArtifactRef> PutAsync(Stream content, string mediaType, CancellationToken cancellationToken) =>
        Hot.PutAsync(content, mediaType, cancellationToken);

    public async Task<Stream> OpenAsync(string sha256, CancellationToken cancellationToken)
    {
        try
        {
            return await Hot.OpenAsync(sha256, cancellationToken);
        }
        catch (ArtifactNotFoundException)
        {
            return await Cold.OpenAsync(sha256, cancellationToken);
        }
    }

    public async Task<bool> ExistsAsync(string sha256, CancellationToken cancellationToken) =>
        await Hot.ExistsAsync(sha256, cancellationToken) || await Cold.ExistsAsync(sha256, cancellationToken);

    /// <summary>Every artifact once, whichever tier holds it.</summary>
    public async IAsyncEnumerable<StoredArtifact> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var copy in ListTieredAsync(cancellationToken))
        {
            if (seen.Add(copy.Sha256))
            {
                yield return new StoredArtifact(copy.Sha256, copy.Size, copy.StoredAt);
            }
        }
    }

    public async IAsyncEnumerable<TieredArtifact> ListTieredAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var stored in Hot.ListAsync(cancellationToken))
        {
            yield return new TieredArtifact(stored.Sha256, stored.Size, stored.StoredAt, StorageTier.Hot);
        }
        await foreach (var stored in Cold.ListAsync(cancellationToken))
        {
            yield return new TieredArtifact(stored.Sha256, stored.Size, stored.StoredAt, StorageTier.Cold);
        }
    }

    public Task<bool> DeleteAsync(string sha256, StorageTier tier, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(DeleteFile((tier == StorageTier.Hot ? Hot : Cold).PathOf(sha256)));
    }

    public async Task<bool> MoveToColdAsync(string sha256, CancellationToken cancellationToken)
    {
        var path = Hot.PathOf(sha256);
        if (!File.Exists(path))
        {
            return false;
        }
        ArtifactRef copied;
        // Opened through the hot store so that a damaged file is refused (when it verifies reads)
        // and the cold put hashes the bytes again: only the content the address names is moved.
        await using (var source = await Hot.OpenAsync(sha256, cancellationToken))
        {
            copied = await Cold.PutAsync(source, MovedMediaType, cancellationToken);
        }
        if (!string.Equals(copied.Sha256, ArtifactAddress.Normalize(sha256), StringComparison.Ordinal))
        {
            throw new ArtifactCorruptedException(sha256, copied.Sha256, path);
        }
        // The cold copy is complete and synced before the hot one goes: a crash in between leaves two copies, never none.
        DeleteFile(path);
        return true;
    }

    private static bool DeleteFile(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }
        if (OperatingSystem.IsWindows())
        {
            // The store makes its files read-only; Windows refuses to delete those, Unix does not care.
            File.SetAttributes(path, FileAttributes.Normal);
        }
        File.Delete(path);
        return true;
    }
}
