namespace Keel.Audit;

/// <summary>
/// A signed statement that entry <see cref="Sequence"/> had hash <see cref="EntryHash"/> at
/// <see cref="Time"/>: ECDSA P-256 over <see cref="AuditEncoding.Checkpoint"/>, IEEE P1363 (r ‖ s),
/// base64. It vouches for that entry and, through the chain, for every entry before it.
/// </summary>
public sealed record AuditCheckpoint(long Sequence, string EntryHash, DateTimeOffset Time, string KeyId, string Signature)
{
    /// <summary>The bytes the signature covers, or null when the hash is not one this log writes.</summary>
    public byte[]? SignedBytes() =>
        AuditHash.TryDecode(EntryHash, out var hash) && AuditEncoding.IsEncodable(KeyId)
            ? AuditEncoding.Checkpoint(Sequence, hash, Time, KeyId)
            : null;
}
