using System.Globalization;
using Keel.Features.Online;
using StackExchange.Redis;

namespace Keel.Features.Redis;

/// <summary>
/// Measures a tenant's view on the Redis server with <c>MEMORY USAGE</c>: the entity set, plus the
/// entities' hashes. Up to <see cref="SampleSize"/> entities every hash is measured; beyond that a random
/// sample of that many is, and the set's exact count (<c>SCARD</c>) scales its mean, so an hourly
/// meter costs a few round trips per view however large the view is.
/// </summary>
internal static class RedisOnlineFootprint
{
    public const int SampleSize = 64;

    public static async Task<OnlineViewFootprint> MeasureAsync(IDatabase database, string viewPart, string tenant, string view, CancellationToken cancellationToken)
    {
        RedisKey set = RedisOnlineKeys.Entities(viewPart);
        var entities = await database.SetLengthAsync(set).WaitAsync(cancellationToken).ConfigureAwait(false);
        var bytes = await UsageAsync(database, set, cancellationToken).ConfigureAwait(false);
        if (entities == 0)
        {
            return new OnlineViewFootprint(tenant, view, 0, bytes, Estimated: false);
        }
        var estimated = entities > SampleSize;
        var members = estimated
            ? await database.SetRandomMembersAsync(set, SampleSize).WaitAsync(cancellationToken).ConfigureAwait(false)
            : await database.SetMembersAsync(set).WaitAsync(cancellationToken).ConfigureAwait(false);
        // Sent together, so the sample costs one round trip rather than one per entity.
        var usages = await Task.WhenAll(members.Select(member => UsageAsync(database, RedisOnlineKeys.Entity(viewPart, (string)member!), cancellationToken)))
            .ConfigureAwait(false);
        var sampled = usages.Sum();
        bytes += estimated
            ? (long)Math.Round((double)sampled / members.Length * entities, MidpointRounding.AwayFromZero)
            : sampled;
        return new OnlineViewFootprint(tenant, view, entities, bytes, estimated);
    }

    // SAMPLES 0 measures every field of a hash instead of extrapolating from five.
    private static async Task<long> UsageAsync(IDatabase database, RedisKey key, CancellationToken cancellationToken)
    {
        var usage = await database.ExecuteAsync("MEMORY", "USAGE", key, "SAMPLES", "0").WaitAsync(cancellationToken).ConfigureAwait(false);
        return usage.IsNull ? 0 : long.Parse(usage.ToString(), NumberStyles.None, CultureInfo.InvariantCulture);
    }
}
