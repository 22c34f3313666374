using Keel.Events;
using Keel.Security.Identity;
using Keel.Security.Permissions;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Keel.Security.Jwt;

/// <summary>
/// Signs bearer tokens with the embedded key, for local use and tests: what an identity provider
/// does in production. The tokens carry the claims of <see cref="KeelClaims"/>.
/// </summary>
public sealed class LocalTokenIssuer(LocalSigningKey key, string issuer, string audience, TimeProvider? time = null)
{
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(8);

    /// <summary>A local token cannot be revoked, so it may not live long.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(30);

    private static readonly JsonWebTokenHandler Handler = new();

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public static LocalTokenIssuer For(LocalSigningKey key, JwtAuthOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.UsesEmbeddedKey)
        {
            throw new InvalidOperationException(
                $"Tokens come from the identity provider ({options.Authority ?? options.JwksUri}); the embedded key signs none.");
        }
        return new LocalTokenIssuer(key, options.ExpectedIssuer!, options.Audience, time);
    }

    public string Issue(string user, IReadOnlyCollection<string> roles, string tenant, TimeSpan? lifetime = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(user);
        ArgumentNullException.ThrowIfNull(roles);
        if (roles.Count == 0)
        {
            throw new ArgumentException($"A token needs at least one role: {string.Join(", ", KeelRoles.All)}.", nameof(roles));
        }
        if (roles.FirstOrDefault(role => !KeelRoles.IsKnown(role)) is { } unknown)
        {
            throw new ArgumentException($"'{unknown}' is not a Keel role; roles are {string.Join(", ", KeelRoles.All)}.", nameof(roles));
        }
        if (!TenantName.IsValid(tenant))
        {
            throw new ArgumentException($"'{tenant}' is not a valid tenant: {TenantName.Rule}.", nameof(tenant));
        }
        var life = lifetime ?? DefaultLifetime;
        if (life <= TimeSpan.Zero || life > MaxLifetime)
        {
            throw new ArgumentOutOfRangeException(nameof(lifetime), life, $"A token lives more than no time and at most {MaxLifetime.TotalDays:0} days.");
        }
        var now = _time.GetUtcNow().UtcDateTime;
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + life,
            SigningCredentials = key.Credentials,
            Claims = new Dictionary<string, object>
            {
                [KeelClaims.Subject] = user.Trim(),
                [KeelClaims.Tenant] = tenant,
                [KeelClaims.Role] = roles.Distinct(StringComparer.Ordinal).ToArray(),
                [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
            },
        });
    }
}
