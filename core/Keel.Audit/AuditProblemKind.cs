namespace Keel.Audit;

/// <summary>What verification found wrong first.</summary>
public enum AuditProblemKind
{
    /// <summary>An entry's content no longer matches its hash, or was given a new hash its successor does not link to.</summary>
    Edited,

    /// <summary>Entries are missing from the sequence.</summary>
    Deleted,

    /// <summary>An entry was added: a sequence number occurs twice, or entries were renumbered to make room.</summary>
    Inserted,

    /// <summary>An entry is present but out of its place.</summary>
    Reordered,

    /// <summary>A signed checkpoint (or the export's header) names entries past the end of what is there.</summary>
    Truncated,

    /// <summary>A checkpoint's signature does not verify, or it is signed by a key that is not trusted.</summary>
    BadCheckpoint,

    /// <summary>Entries that must be covered by a trusted checkpoint are not (an export's end).</summary>
    Unsigned,

    /// <summary>An entry line of an export cannot be read.</summary>
    Malformed,
}
