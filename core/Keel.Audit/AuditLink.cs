namespace Keel.Audit;

/// <summary>
/// One link of the audit chain as a verifier sees it: a full <see cref="AuditEntry"/>, or an
/// <see cref="AuditSealedEntry"/> that shows only the content digest of an entry the reader may not see.
/// </summary>
public abstract record AuditLink(long Sequence, string PreviousHash, string Hash);
