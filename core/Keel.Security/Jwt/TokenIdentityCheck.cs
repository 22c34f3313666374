using System.Security.Claims;
using Keel.Events;
using Keel.Security.Identity;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace Keel.Security.Jwt;

/// <summary>
/// What a signature cannot vouch for: that a valid token also names one subject and one valid tenant.
/// A token without them is refused (401), since the tenant is taken from the identity and nowhere else.
/// Claims of a provider that names roles or tenant differently are copied to Keel's names first.
/// </summary>
internal static class TokenIdentityCheck
{
    public static Task OnTokenValidated(TokenValidatedContext context, JwtAuthOptions options)
    {
        if (context.Principal?.Identity is not ClaimsIdentity identity)
        {
            context.Fail("The token carries no identity.");
            return Task.CompletedTask;
        }
        CopyClaims(identity, options.RoleClaim, KeelClaims.Role);
        CopyClaims(identity, options.TenantClaim, KeelClaims.Tenant);
        if (string.IsNullOrWhiteSpace(identity.FindFirst(KeelClaims.Subject)?.Value))
        {
            context.Fail("The token names no subject ('sub').");
            return Task.CompletedTask;
        }
        var tenants = identity.FindAll(KeelClaims.Tenant).Select(c => c.Value).Distinct(StringComparer.Ordinal).ToList();
        if (tenants.Count != 1 || !TenantName.IsValid(tenants[0]))
        {
            context.Fail($"The token must name exactly one valid tenant in '{options.TenantClaim}' ({TenantName.Rule}).");
        }
        return Task.CompletedTask;
    }

    private static void CopyClaims(ClaimsIdentity identity, string from, string to)
    {
        if (string.Equals(from, to, StringComparison.Ordinal))
        {
            return;
        }
        foreach (var claim in identity.FindAll(from).ToList())
        {
            identity.AddClaim(new Claim(to, claim.Value, claim.ValueType, claim.Issuer));
        }
    }
}
