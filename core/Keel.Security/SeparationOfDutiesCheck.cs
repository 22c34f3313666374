using Keel.Security.Identity;
using Keel.Security.Permissions;

namespace Keel.Security;

/// <summary>
/// The four-eyes rule, judged on the authenticated identity rather than on a name the request
/// carries: the approver must hold <see cref="Permission.Approve"/>, act in the version's tenant, and be
/// neither the one who asked for the version nor the one who built it. Subjects are compared without
/// regard to case or surrounding spaces, as <c>Keel.Lifecycle.SeparationOfDuties</c> compares names.
/// </summary>
public static class SeparationOfDutiesCheck
{
    /// <summary>Why <paramref name="approver"/> may not approve, or null when they may.</summary>
    public static string? RefusalOf(KeelPrincipal approver, string tenant, string requester, string author)
    {
        ArgumentNullException.ThrowIfNull(approver);
        var subject = Normalize(approver.Subject);
        if (!approver.IsAuthenticated || subject.Length == 0)
        {
            return "the approval comes from no authenticated identity";
        }
        if (!string.Equals(approver.Tenant, tenant, StringComparison.Ordinal))
        {
            return $"'{approver.Subject}' acts for tenant '{approver.Tenant}', not for '{tenant}'";
        }
        if (!approver.Has(Permission.Approve))
        {
            return $"'{approver.Subject}' holds no role that grants {Permission.Approve.PolicyName()}";
        }
        if (subject == Normalize(requester))
        {
            return $"'{approver.Subject}' requested this version and cannot also approve it";
        }
        if (subject == Normalize(author))
        {
            return $"'{approver.Subject}' is the author of this version and cannot also approve it";
        }
        return null;
    }

    private static string Normalize(string? identity) => (identity ?? "").Trim().ToLowerInvariant();
}
