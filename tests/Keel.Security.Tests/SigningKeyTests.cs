using System.Net;
using Keel.Security.Jwt;
using Keel.Security.Permissions;
using Microsoft.Extensions.DependencyInjection;

namespace Keel.Security.Tests;

/// <summary>The embedded signing key: made on first run, private to its owner, the same on every later run.</summary>
public sealed class SigningKeyTests : IDisposable
{
    private readonly TempDir _dir = new();

    private string KeyPath => _dir.File("auth", LocalSigningKey.FileName);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task The_first_start_writes_the_key_into_the_data_directory_readable_by_its_owner_only()
    {
        Assert.False(File.Exists(KeyPath));

        await using (await GuardedApp.StartAsync(_dir.Path))
        {
            Assert.True(File.Exists(KeyPath));
        }

        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", await File.ReadAllTextAsync(KeyPath), StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyPath));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_dir.File("auth")));
        }
    }

    [Fact]
    public async Task A_token_issued_before_a_restart_is_still_accepted_after_it()
    {
        string token;
        string? keyId;
        await using (var first = await GuardedApp.StartAsync(_dir.Path))
        {
            token = first.Services.GetRequiredService<LocalTokenIssuer>().Issue("alice", [KeelRoles.Viewer], "acme");
            keyId = first.Services.GetRequiredService<LocalSigningKey>().Key.KeyId;
        }
        var written = await File.ReadAllTextAsync(KeyPath);

        await using var second = await GuardedApp.StartAsync(_dir.Path);
        using var response = await second.GetAsync(GuardedApp.Models, token);
        using var fresh = await second.GetAsync(GuardedApp.Models, second.Services.GetRequiredService<LocalTokenIssuer>().Issue("bob", [KeelRoles.Viewer], "acme"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.False(second.Services.GetRequiredService<LocalSigningKey>().Created);
        Assert.Equal(keyId, second.Services.GetRequiredService<LocalSigningKey>().Key.KeyId);
        Assert.Equal(written, await File.ReadAllTextAsync(KeyPath));
    }

    [Fact]
    public async Task Processes_starting_together_on_a_fresh_directory_end_up_with_one_key()
    {
        var keys = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => LocalSigningKey.LoadOrCreate(KeyPath))));
        try
        {
            Assert.Single(keys.Select(k => k.Key.KeyId).Distinct());
            Assert.Single(keys, k => k.Created);
            Assert.Equal([LocalSigningKey.FileName], Directory.GetFiles(_dir.File("auth")).Select(Path.GetFileName));
        }
        finally
        {
            foreach (var key in keys)
            {
                key.Dispose();
            }
        }
    }

    [Fact]
    public void A_key_file_others_can_read_is_refused()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        LocalSigningKey.LoadOrCreate(KeyPath).Dispose();
        File.SetUnixFileMode(KeyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var refused = Assert.Throws<InvalidOperationException>(() => LocalSigningKey.LoadOrCreate(KeyPath));
        Assert.Contains("chmod 600", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_file_that_is_not_a_key_is_refused_rather_than_replaced()
    {
        Directory.CreateDirectory(_dir.File("auth"));
        File.WriteAllText(KeyPath, "not a key");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(KeyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        Assert.Throws<InvalidOperationException>(() => LocalSigningKey.LoadOrCreate(KeyPath));
        Assert.Equal("not a key", File.ReadAllText(KeyPath));
    }
}
