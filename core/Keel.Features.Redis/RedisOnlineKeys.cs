using System.Text;
using StackExchange.Redis;

namespace Keel.Features.Redis;

/// <summary>
/// The key layout: <c>{prefix}:{{tenant}:{view}}:e:{entity}</c> is an entity's hash and
/// <c>{prefix}:{{tenant}:{view}}:entities</c> the set of the view's entity keys.
/// </summary>
/// <remarks>
/// The braces are a Redis Cluster hash tag: every key of one tenant's view hashes to the same
/// slot, which is what lets one script update an entity's hash and the view's set atomically,
/// and lets the set count the view exactly. The price is that one tenant's view lives on one
/// shard. View and entity are escaped (<c>%</c>, <c>:</c>, <c>{</c>, <c>}</c>) so no name can
/// end a part early and land in another tenant's or view's keys; tenant names cannot contain
/// those characters.
/// </remarks>
internal sealed class RedisOnlineKeys
{
    private readonly string _prefix;

    public RedisOnlineKeys(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (prefix.AsSpan().IndexOfAny('{', '}') >= 0)
        {
            // A brace in the prefix would become the hash tag and put every view in one slot.
            throw new ArgumentException($"The Redis key prefix '{prefix}' must not contain braces.", nameof(prefix));
        }
        _prefix = prefix;
    }

    /// <summary>The part every key of the tenant's view starts with.</summary>
    public string View(string tenant, string view) => $"{_prefix}:{{{tenant}:{Escape(view)}}}";

    public static RedisKey Entity(string viewPart, string entityKey) => viewPart + ":e:" + Escape(entityKey);

    public static RedisKey Entities(string viewPart) => viewPart + ":entities";

    public static string Escape(string part)
    {
        if (part.AsSpan().IndexOfAny("%:{}") < 0)
        {
            return part;
        }
        var escaped = new StringBuilder(part.Length + 8);
        foreach (var c in part)
        {
            _ = c switch
            {
                '%' => escaped.Append("%25"),
                ':' => escaped.Append("%3A"),
                '{' => escaped.Append("%7B"),
                '}' => escaped.Append("%7D"),
                _ => escaped.Append(c),
            };
        }
        return escaped.ToString();
    }
}
