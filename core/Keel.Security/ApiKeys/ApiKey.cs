namespace Keel.Security.ApiKeys;

/// <summary>
/// What is kept about an API key — never the key itself. <see cref="Id"/> is the public part of the
/// key text, enough to find it, list it and revoke it.
/// </summary>
public sealed record ApiKey(
    string Id,
    string Tenant,
    string Name,
    IReadOnlyList<string> Roles,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset? RevokedAt)
{
    public bool IsRevoked => RevokedAt is not null;
}

/// <summary>A key as it is made: <see cref="Secret"/> is the full key text, shown once and stored nowhere.</summary>
public sealed record IssuedApiKey(ApiKey Key, string Secret);
