using System.Security.Cryptography;
using System.Text;

namespace Keel.Audit;

/// <summary>
/// content digest = SHA-256(entry encoding); hash = SHA-256(content digest ‖ previous hash), both as
/// raw bytes, written as 64 lower-case hex digits. The digest stands for the entry in the chain, so a
/// link can be checked by someone shown only the digest.
/// </summary>
public static class AuditHash
{
    /// <summary>The previous hash of entry 1: 32 zero bytes.</summary>
    public static string Genesis { get; } = new('0', 64);

    /// <summary>The hash the entry should carry, or null when its fields cannot be encoded at all.</summary>
    public static string? Compute(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return Compute(entry, entry.Sequence);
    }

    /// <summary>The hash the entry would carry had it been written as <paramref name="sequence"/>.</summary>
    public static string? Compute(AuditEntry entry, long sequence) =>
        Digest(entry, sequence) is { } digest ? Link(digest, entry.PreviousHash) : null;

    /// <summary>The hash a sealed entry should carry, from its digest and previous hash alone.</summary>
    public static string? Compute(AuditSealedEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return Link(entry.Digest, entry.PreviousHash);
    }

    /// <summary>The hash a full or sealed entry should carry; null for anything this log does not write.</summary>
    public static string? Compute(AuditLink link) => link switch
    {
        AuditEntry entry => Compute(entry),
        AuditSealedEntry entry => Compute(entry),
        null => throw new ArgumentNullException(nameof(link)),
        _ => null,
    };

    /// <summary>The entry's content digest, or null when its fields cannot be encoded.</summary>
    public static string? Digest(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return Digest(entry, entry.Sequence);
    }

    private static string? Digest(AuditEntry entry, long sequence)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (!TryDecodeSalt(entry.Salt, out var salt))
        {
            return null;
        }
        try
        {
            var encoding = AuditEncoding.Entry(sequence, entry.Time, entry.Tenant, entry.Actor, entry.Action, entry.Target, entry.Details, salt);
            return Convert.ToHexStringLower(SHA256.HashData(encoding));
        }
        catch (EncoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>SHA-256(digest ‖ previous hash), or null when either is not spelled as a hash.</summary>
    public static string? Link(string digest, string previousHash)
    {
        if (!TryDecode(digest, out var content) || !TryDecode(previousHash, out var previous))
        {
            return null;
        }
        return Convert.ToHexStringLower(SHA256.HashData([.. content, .. previous]));
    }

    /// <summary>Only the canonical spelling decodes, so an upper-cased hash counts as an altered one.</summary>
    public static bool TryDecode(string? hex, out byte[] bytes) => TryDecodeHex(hex, 32, out bytes);

    private static bool TryDecodeSalt(string? hex, out byte[] bytes) => TryDecodeHex(hex, AuditEncoding.SaltLength, out bytes);

    private static bool TryDecodeHex(string? hex, int length, out byte[] bytes)
    {
        bytes = [];
        if (hex is null || hex.Length != 2 * length || !hex.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
        {
            return false;
        }
        bytes = Convert.FromHexString(hex);
        return true;
    }
}
