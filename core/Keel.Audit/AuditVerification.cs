namespace Keel.Audit;

/// <summary>The outcome of verifying a chain of entries against its checkpoints.</summary>
public sealed record AuditVerification
{
    /// <summary>The first problem found; null when the chain verifies.</summary>
    public AuditProblem? Problem { get; init; }

    public bool Intact => Problem is null;

    /// <summary>Entries checked before verification stopped (all of them when intact).</summary>
    public long Entries { get; init; }

    /// <summary>How many of <see cref="Entries"/> were sealed: other tenants' entries, checked as links of the chain only.</summary>
    public long Sealed { get; init; }

    public long? FirstSequence { get; init; }

    public long? LastSequence { get; init; }

    /// <summary>
    /// The last sequence a trusted checkpoint vouches for. Entries after it only agree with each
    /// other: anyone who can write the store could have written them.
    /// </summary>
    public long? AuthenticatedThrough { get; init; }

    public int CheckpointsVerified { get; init; }
}
