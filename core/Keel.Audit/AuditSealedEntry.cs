namespace Keel.Audit;

/// <summary>
/// An entry of another tenant in a tenant export: its sequence number, content digest and hashes,
/// nothing of what it says. It can be linked into the chain (hash = SHA-256(digest ‖ previous hash))
/// but not read, and nothing shows whose entry it is.
/// </summary>
public sealed record AuditSealedEntry(long Sequence, string Digest, string PreviousHash, string Hash) : AuditLink(Sequence, PreviousHash, Hash)
{
    /// <summary>Throws <see cref="InvalidDataException"/> when the stored entry cannot be encoded, which only tampering causes.</summary>
    public static AuditSealedEntry Of(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var digest = AuditHash.Digest(entry)
            ?? throw new InvalidDataException($"entry {entry.Sequence} cannot be encoded; verify the log");
        return new AuditSealedEntry(entry.Sequence, digest, entry.PreviousHash, entry.Hash);
    }
}
