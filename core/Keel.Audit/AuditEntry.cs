namespace Keel.Audit;

/// <summary>
/// One entry of the audit chain. <see cref="Details"/> is the canonical JSON text of an object, kept
/// verbatim because the hash covers its exact bytes; <see cref="Salt"/> is 16 random bytes, so that
/// the entry's content digest cannot be confirmed by guessing its fields. Salt and hashes are
/// lower-case hex.
/// </summary>
public sealed record AuditEntry(
    long Sequence,
    DateTimeOffset Time,
    string Tenant,
    string Actor,
    string Action,
    string Target,
    string Details,
    string Salt,
    string PreviousHash,
    string Hash) : AuditLink(Sequence, PreviousHash, Hash);
