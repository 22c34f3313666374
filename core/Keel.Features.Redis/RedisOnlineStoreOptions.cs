namespace Keel.Features.Redis;

/// <summary>
/// The Redis online store (<c>Keel:OnlineStore:Redis</c>, a StackExchange.Redis connection
/// string such as <c>localhost:6379</c>; when it is empty the embedded store serves).
/// </summary>
public sealed class RedisOnlineStoreOptions
{
    public const string Section = "Keel:OnlineStore";

    public const string DefaultKeyPrefix = "keel";

    /// <summary>The connection string; empty means Redis is not used.</summary>
    public string? Redis { get; set; }

    /// <summary>The first part of every key, so several deployments can share one Redis (<c>Keel:OnlineStore:RedisKeyPrefix</c>).</summary>
    public string RedisKeyPrefix { get; set; } = DefaultKeyPrefix;
}
