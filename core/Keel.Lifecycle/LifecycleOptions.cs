using Keel.Events;

namespace Keel.Lifecycle;

/// <summary>
/// Settings of the model life cycle (<c>Keel:Lifecycle</c>, environment <c>KEEL__LIFECYCLE__…</c>);
/// the defaults need no configuration.
/// </summary>
public sealed class LifecycleOptions
{
    public const string Section = "Keel:Lifecycle";

    /// <summary>
    /// How long a registered version waits for an approver when the request does not say; a version
    /// nobody approved in time is archived, so an unattended candidate never drifts into Production.
    /// </summary>
    public TimeSpan ApprovalTimeout { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The tenant a request without one acts for.</summary>
    public string DefaultTenant { get; set; } = TenantName.Default;

    /// <summary>The request's tenant, or the default one; refuses a name that is not a tenant name rather than guessing.</summary>
    public string ResolveTenant(string? tenant)
    {
        var resolved = string.IsNullOrWhiteSpace(tenant) ? DefaultTenant : tenant;
        return TenantName.IsValid(resolved)
            ? resolved
            : throw new ArgumentException($"tenant: '{resolved}' is not a tenant name ({TenantName.Rule}).", nameof(tenant));
    }

    /// <summary>The request's approval timeout, or the default; it must be positive.</summary>
    public TimeSpan ResolveApprovalTimeout(TimeSpan? requested)
    {
        var timeout = requested ?? ApprovalTimeout;
        return timeout > TimeSpan.Zero
            ? timeout
            : throw new ArgumentOutOfRangeException(nameof(requested), timeout, "The approval timeout must be positive.");
    }
}
