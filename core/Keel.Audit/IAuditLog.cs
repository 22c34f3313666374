namespace Keel.Audit;

/// <summary>
/// The append-only audit chain: one chain for every tenant, so that no tenant's part can be cut out
/// unnoticed; reads filter by tenant where asked.
/// </summary>
public interface IAuditLog
{
    /// <summary>
    /// Appends the entry as the next sequence number and links it to the one before. Concurrent
    /// appenders are serialized: sequences are strictly increasing without gaps.
    /// </summary>
    Task<AuditEntry> AppendAsync(NewAuditEntry entry, CancellationToken cancellationToken);

    IAsyncEnumerable<AuditEntry> ReadAsync(AuditQuery query, CancellationToken cancellationToken);

    /// <summary>The first and last sequence number within the range, or null when it holds no entry.</summary>
    Task<(long First, long Last)?> FindAsync(AuditRange range, CancellationToken cancellationToken);

    /// <summary>Checkpoints of entries <paramref name="fromSequence"/> to <paramref name="toSequence"/>, in sequence order.</summary>
    IAsyncEnumerable<AuditCheckpoint> ReadCheckpointsAsync(long fromSequence, long toSequence, CancellationToken cancellationToken);

    /// <summary>
    /// Signs a checkpoint of entry <paramref name="sequence"/> (the newest when null) unless it has one,
    /// and returns it; null when there is no such entry.
    /// </summary>
    Task<AuditCheckpoint?> CheckpointAsync(long? sequence, CancellationToken cancellationToken);

    /// <summary>The public keys checkpoints were signed with, as recorded when signing; a verifier pins its own.</summary>
    Task<IReadOnlyList<AuditPublicKey>> PublicKeysAsync(CancellationToken cancellationToken);
}
