using System.Buffers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace Keel.Storage.Artifacts;

/// <summary>
/// The artifact store of the embedded default: one file per artifact at
/// <c>&lt;root&gt;/sha256/&lt;first two hex digits&gt;/&lt;hex&gt;</c>. A put streams into
/// <c>&lt;root&gt;/tmp/</c> while hashing, syncs the file, and renames it into place, so a
/// content name only ever holds complete content and concurrent puts of the same bytes (threads
/// or processes) simply agree. Stored files are made read-only to keep them from being edited in place.
/// </summary>
public sealed class LocalArtifactStore : IArtifactStore, IArtifactInventory
{
    private const string HashFolder = "sha256";
    private const string TempFolder = "tmp";
    private const string TempSuffix = ".part";
    private const int BufferSize = 1024 * 1024;

    private readonly ArtifactStoreOptions _options;
    private readonly string _blobs;
    private readonly string _temp;

    public LocalArtifactStore(ArtifactStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.RootDirectory))
        {
            throw new ArgumentException("The artifact store needs a root directory (Keel:Artifacts:RootDirectory).", nameof(options));
        }
        if (options.MaxArtifactBytes <= 0)
        {
            throw new ArgumentException($"Keel:Artifacts:MaxArtifactBytes must be positive; it is {options.MaxArtifactBytes}.", nameof(options));
        }

        _options = options;
        Root = Path.GetFullPath(options.RootDirectory);
        _blobs = Path.Combine(Root, HashFolder);
        _temp = Path.Combine(Root, TempFolder);
        Directory.CreateDirectory(_blobs);
        Directory.CreateDirectory(_temp);
        DeleteAbandonedPuts();
    }

    public string Root { get; }

    /// <summary>The file that holds, or would hold, the artifact with this address.</summary>
    public string PathOf(string sha256)
    {
        var hex = ArtifactAddress.Normalize(sha256, nameof(sha256));
        return Path.Combine(_blobs, hex[..2], hex);
    }

    public async Task<ArtifactRef> PutAsync(Stream content, string mediaType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (string.IsNullOrWhiteSpace(mediaType))
        {
            throw new ArgumentException("An artifact needs a media type, e.g. application/octet-stream or application/onnx.", nameof(mediaType));
        }

        var temp = Path.Combine(_temp, Guid.NewGuid().ToString("N") + TempSuffix);
        try
        {
            var (sha256, size) = await WriteHashedAsync(content, temp, cancellationToken);
            await CommitAsync(temp, sha256, size, cancellationToken);
            return new ArtifactRef(sha256, size, mediaType);
        }
        finally
        {
            // Gone after a successful rename; left behind by a duplicate, a failure or a cancellation.
            File.Delete(temp);
        }
    }

    public async Task<Stream> OpenAsync(string sha256, CancellationToken cancellationToken)
    {
        var path = PathOf(sha256);
        var hex = Path.GetFileName(path);
        FileStream stream;
        try
        {
            stream = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                // Delete: a put repairing a damaged copy may rename over the file while it is read.
                Share = FileShare.Read | FileShare.Delete,
                Options = FileOptions.SequentialScan,
            });
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ArtifactNotFoundException(hex);
        }

        if (!_options.VerifyOnRead)
        {
            return stream;
        }

        try
        {
            // The same handle is hashed and then returned, so what was verified is what is read,
            // even if the name is replaced in between.
            var actual = await HashAsync(stream, cancellationToken);
            if (actual != hex)
            {
                throw new ArtifactCorruptedException(hex, actual, path);
            }
            stream.Position = 0;
            return stream;
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }
    }

    public Task<bool> ExistsAsync(string sha256, CancellationToken cancellationToken) =>
        Task.FromResult(File.Exists(PathOf(sha256)));

    public async IAsyncEnumerable<StoredArtifact> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var shard in new DirectoryInfo(_blobs).EnumerateDirectories())
        {
            // Anything else in the tree was not put here and is no artifact.
            if (shard.Name.Length != 2 || !shard.Name.All(char.IsAsciiHexDigit))
            {
                continue;
            }
            foreach (var file in shard.EnumerateFiles())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (ArtifactAddress.IsValid(file.Name) && file.Name.StartsWith(shard.Name, StringComparison.Ordinal))
                {
                    yield return new StoredArtifact(file.Name, file.Length, new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero));
                }
            }
        }
    }

    private async Task<(string Sha256, long Size)> WriteHashedAsync(Stream content, string temp, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        long size = 0;
        try
        {
            await using var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
            int read;
            while ((read = await content.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken)) > 0)
            {
                size += read;
                if (size > _options.MaxArtifactBytes)
                {
                    throw new ArtifactTooLargeException(_options.MaxArtifactBytes);
                }
                hash.AppendData(buffer, 0, read);
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
            // On disk before it gets its content name, so a crash never leaves a partial file under it.
            file.Flush(flushToDisk: true);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
        return (Convert.ToHexStringLower(hash.GetHashAndReset()), size);
    }

    private async Task CommitAsync(string temp, string sha256, long size, CancellationToken cancellationToken)
    {
        var target = PathOf(sha256);
        var shard = Path.GetDirectoryName(target)!;
        if (!Directory.Exists(shard))
        {
            Directory.CreateDirectory(shard);
            DirectorySync.Flush(_blobs);
        }

        if (File.Exists(target))
        {
            if (await IsIntactAsync(target, sha256, size, cancellationToken))
            {
                return;
            }
            // The stored copy was damaged; the fresh one was hashed on the way in, so it replaces it.
            File.Move(temp, target, overwrite: true);
            DirectorySync.Flush(shard);
            return;
        }

        try
        {
            File.Move(temp, target, overwrite: false);
        }
        catch (IOException) when (File.Exists(target))
        {
            // A concurrent put of the same bytes renamed first; its file is identical to ours.
            return;
        }
        DirectorySync.Flush(shard);
    }

    /// <summary>Whether the stored copy still holds the content: by hash when reads are verified, by size otherwise.</summary>
    private async Task<bool> IsIntactAsync(string path, string sha256, long size, CancellationToken cancellationToken)
    {
        try
        {
            if (new FileInfo(path).Length != size)
            {
                return false;
            }
            if (!_options.VerifyOnRead)
            {
                return true;
            }
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, BufferSize, FileOptions.SequentialScan);
            return await HashAsync(stream, cancellationToken) == sha256;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Hashes in large reads: verifying a multi-gigabyte dataset in small ones costs a system call per few kilobytes.</summary>
    private static async Task<string> HashAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }
            return Convert.ToHexStringLower(hash.GetHashAndReset());
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void DeleteAbandonedPuts()
    {
        var cutoff = DateTime.UtcNow - _options.AbandonedPutAge;
        foreach (var file in new DirectoryInfo(_temp).EnumerateFiles("*" + TempSuffix))
        {
            if (file.LastWriteTimeUtc < cutoff)
            {
                try
                {
                    file.Delete();
                }
                catch (IOException)
                {
                    // Still open by a put elsewhere (Windows); the next start tries again.
                }
            }
        }
    }
}
