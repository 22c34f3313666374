namespace Keel.Audit;

/// <summary>
/// One link of the audit chain. <see cref="Details"/> is the canonical JSON text of an object, kept
/// verbatim because the hash covers its exact bytes; hashes are lower-case hex SHA-256.
/// </summary>
public sealed record AuditEntry(
    long Sequence,
    DateTimeOffset Time,
    string Tenant,
    string Actor,
    string Action,
    string Target,
    string Details,
    string PreviousHash,
    string Hash);
