using System.Security.Claims;
using Keel.Events;
using Keel.Security.Authentication;
using Keel.Security.Permissions;

namespace Keel.Security.Identity;

/// <summary>
/// What Keel needs to know about a caller, read from the claims of whichever scheme authenticated it.
/// Handlers take the tenant and the actor from here, never from the request body or a header.
/// </summary>
public sealed class KeelPrincipal(ClaimsPrincipal principal)
{
    public ClaimsPrincipal Claims { get; } = principal ?? throw new ArgumentNullException(nameof(principal));

    public bool IsAuthenticated => Claims.Identity?.IsAuthenticated == true;

    public string? Subject => Claims.FindFirst(KeelClaims.Subject)?.Value;

    public string? Name => Claims.FindFirst(KeelClaims.Name)?.Value;

    /// <summary>The tenant, or null when the identity names none or names one that is not a valid tenant.</summary>
    public string? Tenant => Claims.FindFirst(KeelClaims.Tenant)?.Value is { } tenant && TenantName.IsValid(tenant) ? tenant : null;

    /// <summary>The Keel roles held; roles Keel does not know are left out, they grant nothing anyway.</summary>
    public IReadOnlyList<string> Roles => Claims.FindAll(KeelClaims.Role).Select(c => c.Value).Where(KeelRoles.IsKnown).Distinct().ToList();

    /// <summary>The scheme that authenticated the caller: <see cref="KeelSchemes.Bearer"/> or <see cref="KeelSchemes.ApiKey"/>.</summary>
    public string? AuthenticationMethod => Claims.Identity?.AuthenticationType;

    public string? KeyId => Claims.FindFirst(KeelClaims.KeyId)?.Value;

    public bool IsApiKey => KeyId is not null;

    /// <summary>The Dapr sidecar delivering topic events: may push events of any tenant.</summary>
    public bool DeliversForAllTenants => IsAuthenticated && Claims.HasClaim(KeelClaims.DeliversForAllTenants, "true");

    /// <summary>May this caller deliver an event of <paramref name="tenant"/>? Its own, or any for the sidecar.</summary>
    public bool MayDeliverFor(string? tenant) => DeliversForAllTenants || (tenant is not null && tenant == Tenant);

    public bool Has(Permission permission) => IsAuthenticated && Tenant is not null && RolePermissions.Grants(Roles, permission);
}
