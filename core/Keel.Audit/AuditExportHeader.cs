namespace Keel.Audit;

/// <summary>
/// The first line of an export: the range it holds, the public keys its checkpoints were signed
/// with, and the tenant it was made for (null: every entry in full). Nothing in it is signed; it
/// tells a verifier what to expect, and its keys are only as trustworthy as the file they came in.
/// </summary>
public sealed record AuditExportHeader(string Format, DateTimeOffset ExportedAt, long? FirstSequence, long? LastSequence, IReadOnlyList<AuditPublicKey> PublicKeys, string? Tenant = null)
{
    public const string CurrentFormat = "keel.audit.export.v1";
}
