using Keel.Cli.Commands;
using Keel.Security.Identity;
using Keel.Security.Jwt;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Keel.Cli.Tests;

/// <summary><c>keel auth token</c>, run as a user runs it: a token the data directory's key vouches for.</summary>
public sealed class AuthTokenCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("keel-auth-").FullName;

    private string DataDir => Path.Combine(_dir, "data");

    private string KeyPath => Path.Combine(DataDir, "auth", LocalSigningKey.FileName);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private Task<(int ExitCode, string Output, string Error)> TokenAsync(params string[] args) =>
        KeelProcess.RunAsync(_dir, TimeSpan.FromMinutes(1), ["auth", "token", .. args, "--data-dir", DataDir]);

    [Fact]
    public async Task It_prints_a_token_signed_with_a_key_it_makes_once_in_the_data_directory()
    {
        var first = await TokenAsync("--user", "alice", "--role", "data-scientist,approver", "--tenant", "acme", "--lifetime", "2h");
        Assert.True(first.ExitCode == 0, first.Output + first.Error);
        var keyText = await File.ReadAllTextAsync(KeyPath);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyPath));
        }

        var second = await TokenAsync("--user", "bob", "--role", "viewer", "--role", "auditor", "--tenant", "acme");
        Assert.True(second.ExitCode == 0, second.Output + second.Error);
        Assert.Equal(keyText, await File.ReadAllTextAsync(KeyPath));

        var alice = await ValidateAsync(first.Output.Trim());
        var bob = await ValidateAsync(second.Output.Trim());
        Assert.Equal("alice", alice.Subject);
        Assert.Equal("acme", alice.GetClaim(KeelClaims.Tenant).Value);
        Assert.Equal(["data-scientist", "approver"], alice.Claims.Where(c => c.Type == KeelClaims.Role).Select(c => c.Value));
        Assert.InRange(alice.ValidTo - alice.IssuedAt, TimeSpan.FromHours(2) - TimeSpan.FromSeconds(1), TimeSpan.FromHours(2) + TimeSpan.FromSeconds(1));
        Assert.Equal(["viewer", "auditor"], bob.Claims.Where(c => c.Type == KeelClaims.Role).Select(c => c.Value));
        Assert.InRange(bob.ValidTo - bob.IssuedAt, TimeSpan.FromHours(8) - TimeSpan.FromSeconds(1), TimeSpan.FromHours(8) + TimeSpan.FromSeconds(1));
    }

    [Theory]
    [InlineData("--role", "superuser", "--role")]
    [InlineData("--tenant", "Not A Tenant", "--tenant")]
    [InlineData("--lifetime", "90d", "--lifetime")]
    public async Task It_refuses_what_it_cannot_sign_naming_the_option(string option, string value, string named)
    {
        string[] args = ["--user", "alice", "--role", "viewer", "--tenant", "acme"];
        var index = Array.IndexOf(args, option);
        if (index >= 0)
        {
            args[index + 1] = value;
        }
        else
        {
            args = [.. args, option, value];
        }

        var result = await TokenAsync(args);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(named, result.Output + result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(KeyPath));
    }

    [Theory]
    [InlineData("45m", 45)]
    [InlineData("8h", 8 * 60)]
    [InlineData("7d", 7 * 24 * 60)]
    [InlineData("01:30:00", 90)]
    [InlineData("1.00:00:00", 24 * 60)]
    public void Lifetimes_are_read_as_people_write_them(string text, int minutes)
    {
        Assert.True(LifetimeText.TryParse(text, out var lifetime));
        Assert.Equal(TimeSpan.FromMinutes(minutes), lifetime);
    }

    private async Task<JsonWebToken> ValidateAsync(string token)
    {
        using var key = LocalSigningKey.LoadOrCreate(KeyPath);
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = JwtAuthOptions.EmbeddedIssuer,
            ValidAudience = JwtAuthOptions.DefaultAudience,
            IssuerSigningKey = key.Key,
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        return (JsonWebToken)result.SecurityToken;
    }
}
