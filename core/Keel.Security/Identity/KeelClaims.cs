namespace Keel.Security.Identity;

/// <summary>
/// The claim names Keel reads, the same for a bearer token and an API key. They are the JWT names
/// themselves: inbound claim mapping is turned off, so <c>sub</c> stays <c>sub</c>. An identity
/// provider that says it differently is mapped onto these by <c>Keel:Auth:Jwt:RoleClaim</c> and
/// <c>Keel:Auth:Jwt:TenantClaim</c>.
/// </summary>
public static class KeelClaims
{
    /// <summary>Who acts: the user, or <c>apikey:&lt;id&gt;</c> for a key. Recorded as the actor of every change.</summary>
    public const string Subject = "sub";

    /// <summary>A display name, when there is one (the key's name for an API key).</summary>
    public const string Name = "name";

    /// <summary>The one tenant the identity acts in; requests never choose it themselves.</summary>
    public const string Tenant = "tenant";

    /// <summary>One claim per role (a JSON array in a token), each one of <see cref="Permissions.KeelRoles"/>.</summary>
    public const string Role = "role";

    /// <summary>The public id of the API key that authenticated the request.</summary>
    public const string KeyId = "key_id";

    /// <summary>Set on the Dapr sidecar's identity only: it pushes events of every tenant, each acted on as its own.</summary>
    public const string DeliversForAllTenants = "keel_delivers_for_all_tenants";
}
