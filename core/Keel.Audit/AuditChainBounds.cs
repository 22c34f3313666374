namespace Keel.Audit;

/// <summary>
/// What a verifier expects of the chain it is given: where it starts (sequence 1 starts from the
/// genesis hash; anywhere else the first entry's link is taken on trust until a checkpoint covers
/// it), where it should end, and whether its end must be covered by a trusted checkpoint.
/// </summary>
public sealed record AuditChainBounds(long FirstSequence, long? LastSequence, bool RequireSignedEnd)
{
    /// <summary>A whole log: from genesis to wherever it ends now, the newest entries not yet signed.</summary>
    public static AuditChainBounds WholeLog { get; } = new(1, null, false);
}
