using System.Security.Cryptography;
using System.Text;

namespace Keel.Audit;

/// <summary>hash = SHA-256(entry encoding ‖ previous hash), written as 64 lower-case hex digits.</summary>
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
    public static string? Compute(AuditEntry entry, long sequence)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (!TryDecode(entry.PreviousHash, out var previous))
        {
            return null;
        }
        byte[] encoding;
        try
        {
            encoding = AuditEncoding.Entry(sequence, entry.Time, entry.Tenant, entry.Actor, entry.Action, entry.Target, entry.Details);
        }
        catch (EncoderFallbackException)
        {
            return null;
        }
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(encoding);
        sha.AppendData(previous);
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>Only the canonical spelling decodes, so an upper-cased hash counts as an altered one.</summary>
    public static bool TryDecode(string? hex, out byte[] bytes)
    {
        bytes = [];
        if (hex is null || hex.Length != 64 || !hex.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
        {
            return false;
        }
        bytes = Convert.FromHexString(hex);
        return true;
    }
}
