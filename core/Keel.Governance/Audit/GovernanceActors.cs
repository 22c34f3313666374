namespace Keel.Governance;

/// <summary>Actor names the audit trail uses when no person is behind a change.</summary>
public static class GovernanceActors
{
    /// <summary>
    /// A change made by the platform itself with no caller to name: serving following an event, a
    /// background job. Kept distinct from any identity a token or key can carry.
    /// </summary>
    public const string System = "system";

    /// <summary>A refused decision that named nobody.</summary>
    public const string Unknown = "unknown";
}
