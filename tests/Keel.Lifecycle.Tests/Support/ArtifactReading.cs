using System.Text;
using Keel.Storage.Artifacts;

namespace Keel.Lifecycle.Tests.Support;

public static class ArtifactReading
{
    public static async Task<string> ReadTextAsync(this IArtifactStore store, string sha256)
    {
        await using var stream = await store.OpenAsync(sha256, CancellationToken.None);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }
}
