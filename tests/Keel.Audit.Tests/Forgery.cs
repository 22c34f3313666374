namespace Keel.Audit.Tests;

/// <summary>What an intruder without the signing key can do: change entries and recompute their hashes.</summary>
internal static class Forgery
{
    public static AuditEntry Rehashed(AuditEntry entry) => entry with { Hash = AuditHash.Compute(entry)! };

    public static AuditSealedEntry Rehashed(AuditSealedEntry entry) => entry with { Hash = AuditHash.Compute(entry)! };

    /// <summary>Entries from <paramref name="from"/> on, re-linked and re-hashed after the entry before them changed.</summary>
    public static List<AuditEntry> Rechain(IReadOnlyList<AuditEntry> entries, int from)
    {
        var result = entries.ToList();
        for (var i = from; i < result.Count; i++)
        {
            result[i] = Rehashed(result[i] with { PreviousHash = i == 0 ? AuditHash.Genesis : result[i - 1].Hash });
        }
        return result;
    }
}
