namespace Keel.Audit;

/// <summary>
/// A stretch of the log by sequence (both ends included) and/or time (from included, to excluded).
/// Times in the log never decrease, so a time range is a contiguous run of sequence numbers.
/// </summary>
public sealed record AuditRange(long? FromSequence = null, long? ToSequence = null, DateTimeOffset? FromTime = null, DateTimeOffset? ToTime = null)
{
    public static AuditRange All { get; } = new();
}
