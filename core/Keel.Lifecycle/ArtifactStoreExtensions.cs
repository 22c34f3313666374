using System.Text;
using System.Text.Json;
using Keel.Storage.Artifacts;

namespace Keel.Lifecycle;

/// <summary>Puts and reads whole artifacts of the sizes the life cycle handles in memory (models, reports, manifests).</summary>
public static class ArtifactStoreExtensions
{
    public static async Task<ArtifactRef> PutBytesAsync(this IArtifactStore store, byte[] content, string mediaType, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(content, writable: false);
        return await store.PutAsync(stream, mediaType, cancellationToken);
    }

    public static Task<ArtifactRef> PutTextAsync(this IArtifactStore store, string text, string mediaType, CancellationToken cancellationToken) =>
        store.PutBytesAsync(Encoding.UTF8.GetBytes(text), mediaType, cancellationToken);

    public static Task<ArtifactRef> PutJsonAsync<T>(this IArtifactStore store, T value, CancellationToken cancellationToken) =>
        store.PutBytesAsync(JsonSerializer.SerializeToUtf8Bytes(value, LifecycleJson.Options), MediaTypes.Json, cancellationToken);

    public static async Task<byte[]> ReadBytesAsync(this IArtifactStore store, string sha256, CancellationToken cancellationToken)
    {
        await using var stream = await store.OpenAsync(sha256, cancellationToken);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    public static async Task<string> ReadTextAsync(this IArtifactStore store, string sha256, CancellationToken cancellationToken) =>
        Encoding.UTF8.GetString(await store.ReadBytesAsync(sha256, cancellationToken));

    public static async Task<T> ReadJsonAsync<T>(this IArtifactStore store, string sha256, CancellationToken cancellationToken) =>
        JsonSerializer.Deserialize<T>(await store.ReadBytesAsync(sha256, cancellationToken), LifecycleJson.Options)
        ?? throw new InvalidDataException($"The artifact {sha256} holds JSON null where a {typeof(T).Name} was expected.");

    public static async Task CopyToFileAsync(this IArtifactStore store, string sha256, string path, CancellationToken cancellationToken)
    {
        await using var source = await store.OpenAsync(sha256, cancellationToken);
        await using var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1024 * 1024, FileOptions.Asynchronous);
        await source.CopyToAsync(target, cancellationToken);
    }
}
