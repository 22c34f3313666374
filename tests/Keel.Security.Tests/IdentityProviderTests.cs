using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Keel.Security.Permissions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Keel.Security.Tests;

/// <summary>Tokens from an external provider, found by OIDC discovery or by a bare key set.</summary>
public sealed class IdentityProviderTests : IAsyncLifetime
{
    private const string Audience = "api://keel";

    private readonly TempDir _dir = new();
    private IdentityProvider _idp = null!;

    public async Task InitializeAsync() => _idp = await IdentityProvider.StartAsync();

    public async Task DisposeAsync()
    {
        await _idp.DisposeAsync();
        _dir.Dispose();
    }

    private Dictionary<string, string?> Settings(bool discovery) => new()
    {
        [discovery ? "Keel:Auth:Jwt:Authority" : "Keel:Auth:Jwt:JwksUri"] = discovery ? _idp.Address : _idp.JwksUri,
        ["Keel:Auth:Jwt:Issuer"] = discovery ? null : _idp.Issuer,
        ["Keel:Auth:Jwt:Audience"] = Audience,
        ["Keel:Auth:Jwt:RequireHttpsMetadata"] = "false",
        ["Keel:Auth:Jwt:RoleClaim"] = "roles",
        ["Keel:Auth:Jwt:TenantClaim"] = "tid",
    };

    private static Dictionary<string, object> Claims(params string[] roles) =>
        new() { ["sub"] = "erin@example.com", ["tid"] = "acme", ["roles"] = roles };

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_provider_token_is_accepted_with_its_roles_and_tenant_mapped_onto_keels(bool discovery)
    {
        await using var app = await GuardedApp.StartAsync(_dir.Path, Settings(discovery));

        using var response = await app.GetAsync(GuardedApp.Models, _idp.Issue(Audience, Claims(KeelRoles.Auditor)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("acme", body.RootElement.GetProperty("tenant").GetString());
        Assert.Equal([KeelRoles.Auditor], body.RootElement.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.False(File.Exists(_dir.File("auth", "signing-key.pem")), "no embedded key is made when a provider signs the tokens");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Provider_tokens_with_a_foreign_key_issuer_or_audience_are_answered_401(bool discovery)
    {
        await using var app = await GuardedApp.StartAsync(_dir.Path, Settings(discovery));
        using var other = RSA.Create(2048);

        foreach (var token in new[]
        {
            _idp.Issue(Audience, Claims(KeelRoles.Admin), signWith: new RsaSecurityKey(other) { KeyId = "idp-key-1" }),
            _idp.Issue(Audience, Claims(KeelRoles.Admin), issuer: "https://impostor.example/"),
            _idp.Issue("api://other", Claims(KeelRoles.Admin)),
        })
        {
            using var response = await app.GetAsync(GuardedApp.Models, token);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }

    [Fact]
    public async Task A_key_set_without_an_issuer_is_refused_at_start()
    {
        var settings = Settings(discovery: false);
        settings["Keel:Auth:Jwt:Issuer"] = null;

        await Assert.ThrowsAsync<OptionsValidationException>(() => GuardedApp.StartAsync(_dir.Path, settings));
    }
}
