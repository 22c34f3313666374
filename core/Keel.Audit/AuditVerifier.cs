namespace Keel.Audit;

/// <summary>
/// Recomputes every hash and link of a chain and checks it against its signed checkpoints, naming
/// the first bad sequence number (README, "Verification").
/// </summary>
public sealed class AuditVerifier(AuditTrust trust)
{
    private readonly AuditTrust _trust = trust ?? throw new ArgumentNullException(nameof(trust));

    /// <summary>
    /// The whole log. <paramref name="anchors"/> are checkpoints kept elsewhere (an earlier export):
    /// they catch a truncation whose checkpoints were deleted from the database along with its entries.
    /// </summary>
    public async Task<AuditVerification> VerifyAsync(IAuditLog log, IEnumerable<AuditCheckpoint>? anchors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(log);
        var checkpoints = await log.ReadCheckpointsAsync(1, long.MaxValue, cancellationToken).ToListAsync(cancellationToken);
        checkpoints.AddRange(anchors ?? []);
        return await VerifyAsync(log.ReadAsync(new AuditQuery(), cancellationToken), checkpoints, AuditChainBounds.WholeLog, cancellationToken);
    }

    /// <summary>An export, offline: its checkpoints must cover its last entry.</summary>
    public Task<AuditVerification> VerifyAsync(AuditExportFile export, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(export);
        return VerifyAsync(export.ReadLinesAsync(cancellationToken), export.Checkpoints, export.Bounds, cancellationToken);
    }

    /// <summary>
    /// Entries, full or sealed, in the order they are stored, with every checkpoint that may cover
    /// them. A sealed entry is checked as a link only: its digest cannot be recomputed.
    /// </summary>
    public Task<AuditVerification> VerifyAsync(IAsyncEnumerable<AuditLink> entries, IEnumerable<AuditCheckpoint> checkpoints, AuditChainBounds bounds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(checkpoints);
        ArgumentNullException.ThrowIfNull(bounds);
        return new ChainWalk(_trust, bounds, checkpoints).RunAsync(entries, cancellationToken);
    }
}
