using Keel.Security.ApiKeys;

namespace Keel.Cli.Tests;

/// <summary><c>keel auth key create|list|revoke</c> on a data directory's key store.</summary>
public sealed class AuthKeyCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("keel-keys-").FullName;

    private string DataDir => Path.Combine(_dir, "data");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private Task<(int ExitCode, string Output, string Error)> KeyAsync(params string[] args) =>
        KeelProcess.RunAsync(_dir, TimeSpan.FromMinutes(1), ["auth", "key", .. args, "--tenant", "acme", "--data-dir", DataDir]);

    [Fact]
    public async Task A_created_key_authenticates_is_listed_without_its_secret_and_stops_working_once_revoked()
    {
        var created = await KeyAsync("create", "--name", "scorer", "--role", "service");
        Assert.True(created.ExitCode == 0, created.Output + created.Error);
        var secret = created.Output.Trim();
        var store = new SqliteApiKeyStore(Path.Combine(DataDir, "auth", "api-keys.db"));
        var key = await store.AuthenticateAsync(secret, CancellationToken.None);
        Assert.NotNull(key);
        Assert.Equal("acme", key.Tenant);
        Assert.Equal(["service"], key.Roles);

        var listed = await KeyAsync("list");
        Assert.Equal(0, listed.ExitCode);
        Assert.Contains(key.Id, listed.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, listed.Output, StringComparison.Ordinal);

        Assert.Equal(0, (await KeyAsync("revoke", key.Id)).ExitCode);
        Assert.Null(await store.AuthenticateAsync(secret, CancellationToken.None));
        Assert.Equal(1, (await KeyAsync("revoke", key.Id)).ExitCode);

        // Both changes are in the data directory's audit log, under the key's tenant, without the secret.
        using var keyFile = Keel.Audit.AuditSigningKeyFile.LoadOrCreate(Path.Combine(DataDir, "audit", "signing-key.pem"));
        var log = new Keel.Audit.SqliteAuditLog(Path.Combine(DataDir, "audit", "audit.db"), keyFile, new Keel.Audit.AuditOptions(), TimeProvider.System);
        var actions = new List<string>();
        await foreach (var entry in log.ReadAsync(new Keel.Audit.AuditQuery { Tenant = "acme", Target = "apikey:" + key.Id }, CancellationToken.None))
        {
            actions.Add(entry.Action);
            Assert.DoesNotContain(secret, entry.Details, StringComparison.Ordinal);
        }
        Assert.Equal(["apikey.created", "apikey.revoked"], actions);
    }

    [Fact]
    public async Task A_key_with_an_unknown_role_is_refused_naming_the_option()
    {
        var result = await KeyAsync("create", "--name", "scorer", "--role", "superuser");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--role", result.Output + result.Error, StringComparison.Ordinal);
    }
}
