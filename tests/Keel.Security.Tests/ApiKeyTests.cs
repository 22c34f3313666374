using System.Net;
using System.Text;
using System.Text.Json;
using Keel.Security.ApiKeys;
using Keel.Security.Authentication;
using Keel.Security.Permissions;
using Microsoft.Extensions.DependencyInjection;

namespace Keel.Security.Tests;

/// <summary>API keys of service clients: scoped to a tenant and roles, revocable, and never stored as such.</summary>
public sealed class ApiKeyTests : IAsyncLifetime
{
    private readonly TempDir _dir = new();
    private GuardedApp _app = null!;

    public async Task InitializeAsync() => _app = await GuardedApp.StartAsync(_dir.Path);

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _dir.Dispose();
    }

    private IApiKeyStore Keys => _app.Services.GetRequiredService<IApiKeyStore>();

    private Task<IssuedApiKey> CreateAsync(string tenant = "acme", params string[] roles) =>
        Keys.CreateAsync(tenant, "scorer", roles.Length == 0 ? [KeelRoles.Service] : roles, "alice", CancellationToken.None);

    private Task<HttpResponseMessage> WithAuthorizationHeader(string path, string key) =>
        _app.SendAsync(HttpMethod.Get, path, headers: h => h.TryAddWithoutValidation("Authorization", $"ApiKey {key}"));

    private Task<HttpResponseMessage> WithApiKeyHeader(string path, string key) =>
        _app.SendAsync(HttpMethod.Get, path, headers: h => h.Add(KeelSchemes.ApiKeyHeader, key));

    [Fact]
    public async Task A_valid_key_is_let_in_with_its_tenant_and_roles_in_either_header()
    {
        var issued = await CreateAsync("acme", KeelRoles.Service);

        using var authorization = await WithAuthorizationHeader(GuardedApp.Models, issued.Secret);
        using var header = await WithApiKeyHeader(GuardedApp.Models, issued.Secret);

        Assert.Equal(HttpStatusCode.OK, authorization.StatusCode);
        Assert.Equal(HttpStatusCode.OK, header.StatusCode);
        using var body = JsonDocument.Parse(await authorization.Content.ReadAsStringAsync());
        Assert.Equal("acme", body.RootElement.GetProperty("tenant").GetString());
        Assert.Equal($"apikey:{issued.Key.Id}", body.RootElement.GetProperty("subject").GetString());
        Assert.Equal(issued.Key.Id, body.RootElement.GetProperty("keyId").GetString());
        Assert.Equal(KeelSchemes.ApiKey, body.RootElement.GetProperty("method").GetString());
    }

    [Fact]
    public async Task A_key_is_long_random_and_carries_its_public_id()
    {
        var first = await CreateAsync();
        var second = await CreateAsync();

        Assert.StartsWith($"{ApiKeyText.Prefix}{first.Key.Id}_", first.Secret, StringComparison.Ordinal);
        Assert.Equal(first.Key.Id, ApiKeyText.IdOf(first.Secret));
        // 32 random bytes in base64url after the id: 256 bits.
        Assert.True(first.Secret.Length - ApiKeyText.Prefix.Length - first.Key.Id.Length - 1 >= 43);
        Assert.NotEqual(first.Key.Id, second.Key.Id);
        Assert.NotEqual(first.Secret, second.Secret);
    }

    [Fact]
    public async Task A_revoked_key_is_answered_401()
    {
        var issued = await CreateAsync();
        using (var before = await WithApiKeyHeader(GuardedApp.Models, issued.Secret))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        Assert.True(await Keys.RevokeAsync("acme", issued.Key.Id, CancellationToken.None));

        using var after = await WithApiKeyHeader(GuardedApp.Models, issued.Secret);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.True((await Keys.ListAsync("acme", CancellationToken.None)).Single().IsRevoked);
    }

    [Fact]
    public async Task Unknown_malformed_and_altered_keys_are_answered_401()
    {
        var issued = await CreateAsync();
        var altered = issued.Secret[..^1] + (issued.Secret[^1] == 'A' ? 'B' : 'A');
        var unknown = ApiKeyText.Compose(ApiKeyText.NewId());

        foreach (var key in new[] { altered, unknown, "keel_not-a-key", "hunter2" })
        {
            using var response = await WithAuthorizationHeader(GuardedApp.Models, key);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }

    [Fact]
    public async Task A_key_whose_roles_lack_the_permission_is_answered_403()
    {
        var issued = await CreateAsync("acme", KeelRoles.Service);

        using var response = await _app.SendAsync(HttpMethod.Put, GuardedApp.Deployment, headers: h => h.Add(KeelSchemes.ApiKeyHeader, issued.Secret));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task The_store_holds_no_key_text_only_its_hash()
    {
        var issued = await CreateAsync();
        var secretPart = issued.Secret[(ApiKeyText.Prefix.Length + issued.Key.Id.Length + 1)..];

        var authDir = _dir.File("auth");
        Assert.True(File.Exists(Path.Combine(authDir, "api-keys.db")));
        foreach (var file in Directory.GetFiles(authDir, "api-keys.db*"))
        {
            var bytes = await ReadSharedAsync(file);
            Assert.False(Contains(bytes, Encoding.UTF8.GetBytes(secretPart)), $"{file} holds the secret");
        }
        Assert.Equal(issued.Key.Id, (await Keys.AuthenticateAsync(issued.Secret, CancellationToken.None))?.Id);
    }

    [Fact]
    public async Task Keys_are_listed_and_revoked_within_their_tenant_only()
    {
        var acme = await CreateAsync("acme");
        var globex = await CreateAsync("globex");

        Assert.Equal([acme.Key.Id], (await Keys.ListAsync("acme", CancellationToken.None)).Select(k => k.Id));
        Assert.False(await Keys.RevokeAsync("globex", acme.Key.Id, CancellationToken.None));
        Assert.NotNull(await Keys.AuthenticateAsync(acme.Secret, CancellationToken.None));
        Assert.True(await Keys.RevokeAsync("globex", globex.Key.Id, CancellationToken.None));
        Assert.False(await Keys.RevokeAsync("globex", globex.Key.Id, CancellationToken.None));
    }

    [Theory]
    [InlineData("Acme", KeelRoles.Service)]
    [InlineData("acme", "superuser")]
    public async Task A_key_for_an_invalid_tenant_or_an_unknown_role_is_refused(string tenant, string role) =>
        await Assert.ThrowsAsync<ArgumentException>(() => CreateAsync(tenant, role));

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
