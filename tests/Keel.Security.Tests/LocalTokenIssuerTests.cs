using Keel.Security.Identity;
using Keel.Security.Jwt;
using Keel.Security.Permissions;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Keel.Security.Tests;

/// <summary>What the local issuer puts into a token, and what it refuses to sign.</summary>
public sealed class LocalTokenIssuerTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly LocalSigningKey _key;

    public LocalTokenIssuerTests() => _key = LocalSigningKey.LoadOrCreate(_dir.File("auth", LocalSigningKey.FileName));

    public void Dispose()
    {
        _key.Dispose();
        _dir.Dispose();
    }

    private LocalTokenIssuer Issuer(TimeProvider? time = null) => LocalTokenIssuer.For(_key, new JwtAuthOptions(), time);

    [Fact]
    public void A_token_carries_subject_tenant_roles_and_the_requested_lifetime_signed_with_es256()
    {
        var now = new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

        var token = new JsonWebToken(Issuer(new FixedClock(now)).Issue("alice", [KeelRoles.DataScientist, KeelRoles.Approver], "acme", TimeSpan.FromHours(2)));

        Assert.Equal("ES256", token.Alg);
        Assert.Equal(_key.Key.KeyId, token.Kid);
        Assert.Equal(JwtAuthOptions.EmbeddedIssuer, token.Issuer);
        Assert.Equal([JwtAuthOptions.DefaultAudience], token.Audiences);
        Assert.Equal("alice", token.Subject);
        Assert.Equal("acme", token.GetClaim(KeelClaims.Tenant).Value);
        Assert.Equal([KeelRoles.DataScientist, KeelRoles.Approver], token.Claims.Where(c => c.Type == KeelClaims.Role).Select(c => c.Value));
        Assert.Equal(now.UtcDateTime.AddHours(2), token.ValidTo);
    }

    [Theory]
    [InlineData("alice", "superuser", "acme", 1)]
    [InlineData("alice", KeelRoles.Viewer, "ACME", 1)]
    [InlineData(" ", KeelRoles.Viewer, "acme", 1)]
    [InlineData("alice", KeelRoles.Viewer, "acme", 0)]
    [InlineData("alice", KeelRoles.Viewer, "acme", 31 * 24)]
    public void It_refuses_unknown_roles_invalid_tenants_blank_users_and_lifetimes_out_of_bounds(string user, string role, string tenant, int hours) =>
        Assert.ThrowsAny<ArgumentException>(() => Issuer().Issue(user, [role], tenant, TimeSpan.FromHours(hours)));

    [Fact]
    public void It_signs_nothing_when_a_provider_issues_the_tokens() =>
        Assert.Throws<InvalidOperationException>(() => LocalTokenIssuer.For(_key, new JwtAuthOptions { Authority = "https://login.example" }));
}
