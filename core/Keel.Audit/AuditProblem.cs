namespace Keel.Audit;

/// <summary>The first thing wrong, at the lowest sequence number from which the log cannot be trusted.</summary>
public sealed record AuditProblem(long Sequence, AuditProblemKind Kind, string Message);
