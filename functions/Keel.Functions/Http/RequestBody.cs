using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace Keel.Functions.Http;

/// <summary>Reads a request body into memory up to a limit, so an oversized body is refused instead of buffered.</summary>
public static class RequestBody
{
    /// <summary>Default limit for ingestion and other JSON bodies: 16 MiB.</summary>
    public const long DefaultLimit = 16 * 1024 * 1024;

    /// <summary>The body, or null when it exceeds <paramref name="limit"/>.</summary>
    public static async Task<ReadOnlyMemory<byte>?> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }
        // Sized to the declared length, or small and doubling: most bodies are a few hundred bytes.
        var buffer = new ArrayBufferWriter<byte>(request.ContentLength is > 0 and < int.MaxValue ? (int)request.ContentLength.Value + 1 : 4 * 1024);
        while (true)
        {
            var memory = buffer.GetMemory(4 * 1024);
            var read = await request.Body.ReadAsync(memory, cancellationToken);
            if (read == 0)
            {
                return buffer.WrittenMemory;
            }
            buffer.Advance(read);
            if (buffer.WrittenCount > limit)
            {
                return null;
            }
        }
    }
}
