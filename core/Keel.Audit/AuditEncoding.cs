using System.Buffers.Binary;
using System.Text;

namespace Keel.Audit;

/// <summary>
/// The byte encodings that are hashed and signed (README, "Encoding"). Every variable field is
/// length-prefixed, so no two different entries encode alike, and each encoding starts with its own
/// tag, so an entry can never be passed off as a checkpoint or the other way round.
/// </summary>
public static class AuditEncoding
{
    public const string EntryTag = "keel.audit.entry.v2";
    public const string CheckpointTag = "keel.audit.checkpoint.v1";

    /// <summary>Random bytes per entry: enough that a content digest cannot be confirmed by guessing the entry.</summary>
    public const int SaltLength = 16;

    // Replacing a lone surrogate with U+FFFD would let two different strings encode alike.
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static bool IsEncodable(string value)
    {
        try
        {
            Strict.GetByteCount(value);
            return true;
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
    }

    /// <summary>The entry without its hashes; throws <see cref="EncoderFallbackException"/> on text that is not valid Unicode.</summary>
    public static byte[] Entry(long sequence, DateTimeOffset time, string tenant, string actor, string action, string target, string details, ReadOnlySpan<byte> salt)
    {
        if (salt.Length != SaltLength)
        {
            throw new ArgumentException($"salt: {SaltLength} bytes", nameof(salt));
        }
        using var stream = new MemoryStream();
        Field(stream, EntryTag);
        Int64(stream, sequence);
        Int64(stream, time.ToUnixTimeMilliseconds());
        Field(stream, tenant);
        Field(stream, actor);
        Field(stream, action);
        Field(stream, target);
        Field(stream, details);
        stream.Write(salt);
        return stream.ToArray();
    }

    public static byte[] Checkpoint(long sequence, ReadOnlySpan<byte> entryHash, DateTimeOffset time, string keyId)
    {
        using var stream = new MemoryStream();
        Field(stream, CheckpointTag);
        Int64(stream, sequence);
        stream.Write(entryHash);
        Int64(stream, time.ToUnixTimeMilliseconds());
        Field(stream, keyId);
        return stream.ToArray();
    }

    private static void Field(MemoryStream stream, string value)
    {
        var bytes = Strict.GetBytes(value);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)bytes.Length);
        stream.Write(length);
        stream.Write(bytes);
    }

    private static void Int64(MemoryStream stream, long value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        stream.Write(bytes);
    }
}
