namespace Keel.Audit;

/// <summary>Which entries to read: a range, optionally one tenant's and/or one target's, in sequence order.</summary>
public sealed record AuditQuery
{
    public AuditRange Range { get; init; } = AuditRange.All;

    public string? Tenant { get; init; }

    /// <summary>An exact target such as <c>model:credit_risk:3</c>.</summary>
    public string? Target { get; init; }

    /// <summary>At most this many entries, the first in sequence order; null reads them all.</summary>
    public int? Limit { get; init; }
}
