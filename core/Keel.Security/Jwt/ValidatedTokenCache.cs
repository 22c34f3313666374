using System.Collections.Concurrent;
using Microsoft.IdentityModel.Tokens;

namespace Keel.Security.Jwt;

/// <summary>
/// Remembers bearer tokens that passed validation, so a client sending the same token on every request
/// (as they all do) pays for the signature check once instead of per request: on the inference path that
/// check (an ECDSA or RSA verification) costs about as much CPU as scoring the row.
/// </summary>
/// <remarks>
/// A remembered token is accepted again only while it has not expired (its <c>exp</c>, without the clock
/// skew the full check allows), for at most <see cref="JwtAuthOptions.ValidatedTokenCacheTime"/>, and only
/// while the key that verified it is still one the validation trusts: a key rotated out of the provider's
/// key set takes its tokens with it. Only successes are remembered; every failure is checked in full. Each
/// request gets its own copy of the identity, because claims are added to it per request.
/// </remarks>
public sealed class ValidatedTokenCache(TokenHandler inner, int capacity, TimeSpan maxAge, TimeProvider time) : TokenHandler
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    // When the cache is full of live entries, none can lapse before this: new tokens skip the sweep until then.
    private long _noSweepBeforeTicks;

    private sealed record Entry(TokenValidationResult Result, SecurityKey Key, DateTimeOffset Until);

    public int Count => _entries.Count;

    public override int MaximumTokenSizeInBytes
    {
        get => inner.MaximumTokenSizeInBytes;
        set => inner.MaximumTokenSizeInBytes = value;
    }

    public override SecurityToken ReadToken(string token) => inner.ReadToken(token);

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        var now = time.GetUtcNow();
        if (_entries.TryGetValue(token, out var entry))
        {
            if (now < entry.Until && StillTrusted(entry.Key, validationParameters))
            {
                return Copy(entry.Result);
            }
            _entries.TryRemove(token, out _);
        }
        var result = await inner.ValidateTokenAsync(token, validationParameters).ConfigureAwait(false);
        if (result.IsValid && result.SecurityToken is { SigningKey: { } key } validated && result.ClaimsIdentity is not null)
        {
            var expires = new DateTimeOffset(DateTime.SpecifyKind(validated.ValidTo, DateTimeKind.Utc));
            var until = expires < now + maxAge ? expires : now + maxAge;
            if (until > now && MakeRoom(now))
            {
                _entries[token] = new Entry(result, key, until);
            }
        }
        return result.IsValid ? Copy(result) : result;
    }

    private static bool StillTrusted(SecurityKey key, TokenValidationParameters parameters) =>
        ReferenceEquals(parameters.IssuerSigningKey, key)
        || (parameters.IssuerSigningKeys?.Any(k => ReferenceEquals(k, key) || (k.KeyId is { Length: > 0 } id && id == key.KeyId)) ?? false)
        || (parameters.IssuerSigningKey?.KeyId is { Length: > 0 } single && single == key.KeyId);

    // Bounded: expired entries go first; if every entry is still live the new token is simply not remembered.
    private bool MakeRoom(DateTimeOffset now)
    {
        if (_entries.Count < capacity)
        {
            return true;
        }
        if (now.UtcTicks < Interlocked.Read(ref _noSweepBeforeTicks))
        {
            return false;
        }
        var earliest = DateTimeOffset.MaxValue;
        foreach (var (token, entry) in _entries)
        {
            if (entry.Until <= now)
            {
                _entries.TryRemove(token, out _);
            }
            else if (entry.Until < earliest)
            {
                earliest = entry.Until;
            }
        }
        var room = _entries.Count < capacity;
        Interlocked.Exchange(ref _noSweepBeforeTicks, room ? 0 : earliest.UtcTicks);
        return room;
    }

    private static TokenValidationResult Copy(TokenValidationResult result) => new()
    {
        IsValid = true,
        SecurityToken = result.SecurityToken,
        ClaimsIdentity = result.ClaimsIdentity.Clone(),
        Issuer = result.Issuer,
        TokenType = result.TokenType,
        TokenContext = result.TokenContext,
    };
}
