using System.Security.Claims;
using System.Security.Cryptography;
using Keel.Security.Jwt;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Keel.Security.Tests;

/// <summary>Validated bearer tokens are remembered, and never beyond what a full check would accept.</summary>
public sealed class ValidatedTokenCacheTests : IDisposable
{
    private readonly ECDsaSecurityKey _key = Key("key-a");
    private readonly ECDsaSecurityKey _rotated = Key("key-b");
    private readonly CountingHandler _inner = new();
    private readonly ManualClock _clock = new(DateTimeOffset.UtcNow);

    public void Dispose()
    {
        _key.ECDsa.Dispose();
        _rotated.ECDsa.Dispose();
    }

    [Fact]
    public async Task A_token_sent_again_is_not_verified_again_and_each_request_gets_its_own_identity()
    {
        var cache = Cache();
        var token = Issue(_key, TimeSpan.FromMinutes(30));

        var first = await cache.ValidateTokenAsync(token, Parameters(_key));
        first.ClaimsIdentity.AddClaim(new Claim("added", "by the first request"));
        var second = await cache.ValidateTokenAsync(token, Parameters(_key));

        Assert.True(first.IsValid && second.IsValid);
        Assert.Equal(1, _inner.Calls);
        Assert.Equal("alice", second.ClaimsIdentity.FindFirst("sub")!.Value);
        Assert.Null(second.ClaimsIdentity.FindFirst("added"));
    }

    [Fact]
    public async Task A_token_is_verified_again_once_it_expired_or_was_remembered_for_the_longest_time()
    {
        var cache = Cache(maxAge: TimeSpan.FromMinutes(5));
        var shortLived = Issue(_key, TimeSpan.FromMinutes(2));
        var longLived = Issue(_key, TimeSpan.FromMinutes(30));
        await cache.ValidateTokenAsync(shortLived, Parameters(_key));
        await cache.ValidateTokenAsync(longLived, Parameters(_key));

        _clock.Advance(TimeSpan.FromMinutes(3));
        await cache.ValidateTokenAsync(shortLived, Parameters(_key));
        await cache.ValidateTokenAsync(longLived, Parameters(_key));
        Assert.Equal(3, _inner.Calls);

        _clock.Advance(TimeSpan.FromMinutes(3));
        await cache.ValidateTokenAsync(longLived, Parameters(_key));
        Assert.Equal(4, _inner.Calls);
    }

    [Fact]
    public async Task A_token_whose_key_was_rotated_out_is_verified_again_and_refused()
    {
        var cache = Cache();
        var token = Issue(_key, TimeSpan.FromMinutes(30));
        Assert.True((await cache.ValidateTokenAsync(token, Parameters(_key))).IsValid);

        var afterRotation = await cache.ValidateTokenAsync(token, Parameters(_rotated));

        Assert.False(afterRotation.IsValid);
        Assert.Equal(2, _inner.Calls);
    }

    [Fact]
    public async Task Refusals_are_never_remembered()
    {
        var cache = Cache();
        var forAnotherAudience = Issue(_key, TimeSpan.FromMinutes(30), audience: "billing");

        Assert.False((await cache.ValidateTokenAsync(forAnotherAudience, Parameters(_key))).IsValid);
        Assert.False((await cache.ValidateTokenAsync(forAnotherAudience, Parameters(_key))).IsValid);
        Assert.Equal(2, _inner.Calls);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public async Task A_full_cache_remembers_no_more_until_its_entries_expire_and_still_validates()
    {
        var cache = Cache(capacity: 2);
        var tokens = Enumerable.Range(0, 3).Select(i => Issue(_key, TimeSpan.FromMinutes(10 + i))).ToArray();

        foreach (var token in tokens)
        {
            Assert.True((await cache.ValidateTokenAsync(token, Parameters(_key))).IsValid);
        }
        Assert.Equal(2, cache.Count);
        Assert.True((await cache.ValidateTokenAsync(tokens[2], Parameters(_key))).IsValid);
        Assert.Equal(4, _inner.Calls);

        // Past the longest time every entry has lapsed, and they make room for the next token.
        _clock.Advance(TimeSpan.FromMinutes(6));
        var next = Issue(_key, TimeSpan.FromMinutes(30));
        await cache.ValidateTokenAsync(next, Parameters(_key));
        await cache.ValidateTokenAsync(next, Parameters(_key));
        Assert.Equal(1, cache.Count);
        Assert.Equal(5, _inner.Calls);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("0", false)]
    public async Task The_platforms_bearer_scheme_remembers_tokens_unless_the_size_is_zero(string? size, bool cached)
    {
        using var dir = new TempDir();
        var settings = new Dictionary<string, string?>();
        if (size is not null)
        {
            settings["Keel:Auth:Jwt:ValidatedTokenCacheSize"] = size;
        }
        await using var app = await GuardedApp.StartAsync(dir.Path, settings);

        var options = app.Services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(Keel.Security.Authentication.KeelSchemes.Bearer);

        Assert.Equal(cached, options.TokenHandlers.Any(h => h is ValidatedTokenCache));
    }

    private ValidatedTokenCache Cache(int capacity = 100, TimeSpan? maxAge = null) => new(_inner, capacity, maxAge ?? TimeSpan.FromMinutes(5), _clock);

    private static TokenValidationParameters Parameters(SecurityKey key) => new()
    {
        ValidIssuer = "keel-local",
        ValidAudience = "keel",
        IssuerSigningKey = key,
        ClockSkew = TimeSpan.Zero,
        RequireExpirationTime = true,
    };

    private static string Issue(SecurityKey key, TimeSpan lifetime, string audience = "keel") => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = "keel-local",
        Audience = audience,
        IssuedAt = DateTime.UtcNow,
        NotBefore = DateTime.UtcNow.AddSeconds(-1),
        Expires = DateTime.UtcNow + lifetime,
        Claims = new Dictionary<string, object> { ["sub"] = "alice", ["jti"] = Guid.NewGuid().ToString("N") },
        SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.EcdsaSha256),
    });

    private static ECDsaSecurityKey Key(string id) => new(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = id };

    private sealed class CountingHandler : JsonWebTokenHandler
    {
        public int Calls;

        public override Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
        {
            Interlocked.Increment(ref Calls);
            return base.ValidateTokenAsync(token, validationParameters);
        }
    }

    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public void Advance(TimeSpan by) => _now += by;

        public override DateTimeOffset GetUtcNow() => _now;
    }
}
