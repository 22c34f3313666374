using Keel.Security.Identity;
using Keel.Storage;

namespace Keel.Security.Jwt;

/// <summary>
/// How bearer tokens are validated (<c>Keel:Auth:Jwt</c>). With neither <see cref="Authority"/> nor
/// <see cref="JwksUri"/> set, Keel trusts its own embedded key in the data directory, which
/// <c>keel auth token</c> signs with; issuer, audience, lifetime and signature are validated either way.
/// </summary>
public sealed class JwtAuthOptions
{
    public const string Section = "Keel:Auth:Jwt";

    /// <summary>The issuer of tokens signed with the embedded key.</summary>
    public const string EmbeddedIssuer = "keel-local";

    public const string DefaultAudience = "keel";

    /// <summary>An OpenID Connect authority: its discovery document gives the issuer and the signing keys.</summary>
    public string? Authority { get; set; }

    /// <summary>A JSON Web Key Set to take signing keys from, for providers without discovery; needs <see cref="Issuer"/>.</summary>
    public string? JwksUri { get; set; }

    /// <summary>The expected <c>iss</c>; by default the authority's, or <see cref="EmbeddedIssuer"/>.</summary>
    public string? Issuer { get; set; }

    /// <summary>The expected <c>aud</c>.</summary>
    public string Audience { get; set; } = DefaultAudience;

    /// <summary>Tolerance for clocks that disagree when checking <c>exp</c> and <c>nbf</c>.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Refuse metadata and key sets over plain HTTP; only a loopback test turns this off.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>The embedded signing key; by default <c>{DataDir}/auth/signing-key.pem</c>.</summary>
    public string? SigningKeyFile { get; set; }

    /// <summary>The claim the identity provider puts roles in (Entra ID says <c>roles</c>).</summary>
    public string RoleClaim { get; set; } = KeelClaims.Role;

    /// <summary>The claim the identity provider puts the tenant in.</summary>
    public string TenantClaim { get; set; } = KeelClaims.Tenant;

    /// <summary>How many validated tokens are remembered (<see cref="ValidatedTokenCache"/>); 0 checks every request in full.</summary>
    public int ValidatedTokenCacheSize { get; set; } = 10_000;

    /// <summary>The longest a validated token is remembered; never past its own expiry.</summary>
    public TimeSpan ValidatedTokenCacheTime { get; set; } = TimeSpan.FromMinutes(5);

    public bool UsesEmbeddedKey => string.IsNullOrWhiteSpace(Authority) && string.IsNullOrWhiteSpace(JwksUri);

    public string? ExpectedIssuer => !string.IsNullOrWhiteSpace(Issuer) ? Issuer : UsesEmbeddedKey ? EmbeddedIssuer : null;

    public string SigningKeyPath(StorageOptions storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        return string.IsNullOrWhiteSpace(SigningKeyFile) ? storage.Resolve("auth", LocalSigningKey.FileName) : Path.GetFullPath(SigningKeyFile);
    }
}
