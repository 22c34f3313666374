namespace Keel.Lifecycle;

/// <summary>
/// The four-eyes rule of a deployment: nobody approves what they asked for or built. Identities are
/// compared without regard to case or surrounding spaces, so "Alice" cannot approve what "alice " asked
/// for. A rejection is not held to the rule: stopping a version asks for no second pair of eyes.
/// </summary>
public static class SeparationOfDuties
{
    /// <summary>Why the decision cannot count, or null when it can.</summary>
    public static string? RefusalOf(ApprovalDecision decision, string requester, string author)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var approver = Normalize(decision.Approver);
        if (approver.Length == 0)
        {
            return "the decision names no approver";
        }
        if (!decision.Approved)
        {
            return null;
        }
        if (approver == Normalize(requester))
        {
            return $"'{decision.Approver}' requested this training and cannot also approve it";
        }
        if (approver == Normalize(author))
        {
            return $"'{decision.Approver}' is the author of this version and cannot also approve it";
        }
        return null;
    }

    private static string Normalize(string? identity) => (identity ?? "").Trim().ToLowerInvariant();
}
