using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Keel.Security.Identity;
using Keel.Security.Jwt;
using Keel.Security.Permissions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Keel.Security.Tests;

/// <summary>Bearer tokens against the embedded key: what is let in, and every way a token is turned away.</summary>
public sealed class BearerTokenTests : IAsyncLifetime
{
    private readonly TempDir _dir = new();
    private GuardedApp _app = null!;

    public async Task InitializeAsync() => _app = await GuardedApp.StartAsync(_dir.Path);

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _dir.Dispose();
    }

    private LocalSigningKey Key => _app.Services.GetRequiredService<LocalSigningKey>();

    private LocalTokenIssuer Issuer(string issuer = JwtAuthOptions.EmbeddedIssuer, string audience = JwtAuthOptions.DefaultAudience, TimeProvider? time = null) =>
        new(Key, issuer, audience, time);

    [Fact]
    public async Task A_token_with_a_role_that_grants_the_permission_is_let_in_as_its_subject_and_tenant()
    {
        var token = _app.Services.GetRequiredService<LocalTokenIssuer>().Issue("alice", [KeelRoles.Viewer], "acme");

        using var response = await _app.GetAsync(GuardedApp.Models, token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("alice", body.RootElement.GetProperty("subject").GetString());
        Assert.Equal("acme", body.RootElement.GetProperty("tenant").GetString());
        Assert.Equal("Bearer", body.RootElement.GetProperty("method").GetString());
        Assert.Equal([KeelRoles.Viewer], body.RootElement.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task No_token_is_answered_401_with_a_bearer_challenge_and_problem_details()
    {
        using var response = await _app.GetAsync(GuardedApp.Models);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_expired_token_is_answered_401()
    {
        var token = Issuer(time: new FixedClock(DateTimeOffset.UtcNow.AddHours(-3))).Issue("alice", [KeelRoles.Admin], "acme", TimeSpan.FromHours(1));

        await AssertUnauthorized(token);
    }

    [Fact]
    public async Task A_token_not_valid_yet_is_answered_401()
    {
        var token = Issuer(time: new FixedClock(DateTimeOffset.UtcNow.AddHours(1))).Issue("alice", [KeelRoles.Admin], "acme", TimeSpan.FromHours(1));

        await AssertUnauthorized(token);
    }

    [Fact]
    public async Task A_token_of_another_issuer_is_answered_401() =>
        await AssertUnauthorized(Issuer(issuer: "https://elsewhere.example").Issue("alice", [KeelRoles.Admin], "acme"));

    [Fact]
    public async Task A_token_for_another_audience_is_answered_401() =>
        await AssertUnauthorized(Issuer(audience: "billing").Issue("alice", [KeelRoles.Admin], "acme"));

    [Fact]
    public async Task A_token_signed_by_another_key_is_answered_401()
    {
        using var other = new TempDir();
        using var otherKey = LocalSigningKey.LoadOrCreate(other.File("auth", LocalSigningKey.FileName));

        await AssertUnauthorized(new LocalTokenIssuer(otherKey, JwtAuthOptions.EmbeddedIssuer, JwtAuthOptions.DefaultAudience).Issue("alice", [KeelRoles.Admin], "acme"));
    }

    [Fact]
    public async Task A_token_whose_payload_was_changed_after_signing_is_answered_401()
    {
        var token = Issuer().Issue("alice", [KeelRoles.Viewer], "acme");
        var parts = token.Split('.');
        var payload = Base64UrlEncoder.Decode(parts[1]).Replace(KeelRoles.Viewer, KeelRoles.Admin, StringComparison.Ordinal);

        await AssertUnauthorized($"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}");
    }

    [Fact]
    public async Task An_unsigned_token_is_answered_401()
    {
        var token = new JsonWebTokenHandler().CreateToken(Descriptor(new Dictionary<string, object> { ["sub"] = "alice", ["tenant"] = "acme", ["role"] = new[] { KeelRoles.Admin } }, credentials: null));

        await AssertUnauthorized(token);
    }

    [Fact]
    public async Task A_token_signed_with_a_shared_secret_is_answered_401()
    {
        var secret = new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32));
        var token = new JsonWebTokenHandler().CreateToken(Descriptor(
            new Dictionary<string, object> { ["sub"] = "alice", ["tenant"] = "acme", ["role"] = new[] { KeelRoles.Admin } },
            new SigningCredentials(secret, SecurityAlgorithms.HmacSha256)));

        await AssertUnauthorized(token);
    }

    [Theory]
    [InlineData(null, "acme")]
    [InlineData("alice", null)]
    [InlineData("alice", "Not A Tenant")]
    public async Task A_correctly_signed_token_without_a_subject_or_a_valid_tenant_is_answered_401(string? subject, string? tenant)
    {
        var claims = new Dictionary<string, object> { ["role"] = new[] { KeelRoles.Admin } };
        if (subject is not null)
        {
            claims["sub"] = subject;
        }
        if (tenant is not null)
        {
            claims["tenant"] = tenant;
        }

        await AssertUnauthorized(new JsonWebTokenHandler().CreateToken(Descriptor(claims, Key.Credentials)));
    }

    [Theory]
    [InlineData(KeelRoles.Viewer)]
    [InlineData(KeelRoles.Auditor)]
    [InlineData(KeelRoles.Approver)]
    [InlineData(KeelRoles.DataScientist)]
    [InlineData(KeelRoles.Service)]
    public async Task A_valid_token_whose_roles_lack_the_permission_is_answered_403_naming_it(string role)
    {
        var token = Issuer().Issue("bob", [role], "acme");

        using var response = await _app.SendAsync(HttpMethod.Put, GuardedApp.Deployment, token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains(Permission.Deploy.PolicyName(), await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(KeelRoles.MlEngineer)]
    [InlineData(KeelRoles.Admin)]
    public async Task A_valid_token_whose_role_grants_the_permission_is_served(string role)
    {
        using var response = await _app.SendAsync(HttpMethod.Put, GuardedApp.Deployment, Issuer().Issue("carol", [role], "acme"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Roles_add_up_and_a_role_keel_does_not_know_grants_nothing()
    {
        var both = new JsonWebTokenHandler().CreateToken(Descriptor(
            new Dictionary<string, object> { ["sub"] = "dave", ["tenant"] = "acme", ["role"] = new[] { "superuser", KeelRoles.Viewer } }, Key.Credentials));
        var unknownOnly = new JsonWebTokenHandler().CreateToken(Descriptor(
            new Dictionary<string, object> { ["sub"] = "dave", ["tenant"] = "acme", ["role"] = new[] { "superuser" } }, Key.Credentials));

        using var viewer = await _app.GetAsync(GuardedApp.Models, both);
        using var nobody = await _app.GetAsync(GuardedApp.Models, unknownOnly);

        Assert.Equal(HttpStatusCode.OK, viewer.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, nobody.StatusCode);
    }

    [Fact]
    public async Task The_health_probe_answers_without_a_token()
    {
        using var response = await _app.GetAsync(GuardedApp.Health);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task An_endpoint_mapped_without_a_permission_serves_nobody()
    {
        using var anonymous = await _app.GetAsync(GuardedApp.Forgotten);
        using var admin = await _app.GetAsync(GuardedApp.Forgotten, Issuer().Issue("root", [KeelRoles.Admin], "acme"));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, admin.StatusCode);
    }

    private async Task AssertUnauthorized(string token)
    {
        foreach (var (method, path) in new[] { (HttpMethod.Get, GuardedApp.Models), (HttpMethod.Put, GuardedApp.Deployment), (HttpMethod.Get, GuardedApp.Audit) })
        {
            using var response = await _app.SendAsync(method, path, token);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }

    private static SecurityTokenDescriptor Descriptor(Dictionary<string, object> claims, SigningCredentials? credentials) => new()
    {
        Issuer = JwtAuthOptions.EmbeddedIssuer,
        Audience = JwtAuthOptions.DefaultAudience,
        Expires = DateTime.UtcNow.AddHours(1),
        Claims = claims,
        SigningCredentials = credentials,
    };
}
