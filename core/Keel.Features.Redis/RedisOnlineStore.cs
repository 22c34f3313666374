using System.Collections.ObjectModel;
using System.Globalization;
using Keel.Features.Online;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Keel.Features.Redis;

/// <summary>
/// The online store on Redis: a hash per tenant, view and entity (event time, event id, view
/// version and one field per feature in <see cref="FeatureValueCodec"/> text) and a set per
/// tenant and view of its entity keys, which makes counting exact. A Lua script applies
/// last-writer-wins per entity; the rows of one write go out as one pipeline.
/// </summary>
/// <remarks>
/// Keys do not expire: the view's TTL is applied where a value is used (serving, point-in-time
/// joins), the same for both online stores, and an expiring hash would leave its entity in the
/// set and make the count wrong. A write that fails part way (a lost connection) may have applied
/// some of its rows; writing it again is safe, because applying a row twice changes nothing.
/// </remarks>
public sealed class RedisOnlineStore : IOnlineStore, IMeasurableOnlineStore
{
    private readonly IConnectionMultiplexer _redis;
    private readonly RedisOnlineKeys _keys;

    /// <param name="redis">A connection the caller owns and shares for the application's lifetime.</param>
    /// <param name="keyPrefix">The first part of every key; it must not contain braces.</param>
    public RedisOnlineStore(IConnectionMultiplexer redis, string keyPrefix = RedisOnlineStoreOptions.DefaultKeyPrefix)
    {
        ArgumentNullException.ThrowIfNull(redis);
        _redis = redis;
        _keys = new RedisOnlineKeys(keyPrefix);
    }

    public RedisOnlineStore(IConnectionMultiplexer redis, IOptions<RedisOnlineStoreOptions> options)
        : this(redis, options.Value.RedisKeyPrefix)
    {
    }

    public async Task WriteAsync(string tenant, string view, string viewVersion, IReadOnlyList<string> featureNames, IReadOnlyList<FeatureRow> rows, CancellationToken cancellationToken)
    {
        OnlineStoreArguments.CheckWrite(tenant, view, viewVersion, featureNames, rows);
        if (rows.Count == 0)
        {
            return;
        }

        var viewPart = _keys.View(tenant, view);
        RedisKey entities = RedisOnlineKeys.Entities(viewPart);
        var fields = new RedisValue[featureNames.Count];
        for (var f = 0; f < fields.Length; f++)
        {
            fields[f] = RedisOnlineScripts.FeaturePrefix + featureNames[f];
        }

        // Every row is encoded before the first is sent, so a value that cannot be encoded fails
        // the write with nothing of it stored.
        var calls = new (RedisKey[] Keys, RedisValue[] Args)[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var args = new RedisValue[4 + 2 * fields.Length];
            args[0] = row.EventTime.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);
            args[1] = row.EventId;
            args[2] = viewVersion;
            args[3] = row.EntityKey;
            for (var f = 0; f < fields.Length; f++)
            {
                args[4 + 2 * f] = fields[f];
                args[5 + 2 * f] = FeatureValueCodec.Encode(row.Values[f]);
            }
            calls[i] = ([RedisOnlineKeys.Entity(viewPart, row.EntityKey), entities], args);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var database = _redis.GetDatabase();
        var forgotten = await RedisOnlineScripts.RunWriteAsync(database, calls, useHash: true).ConfigureAwait(false);
        if (forgotten.Count > 0)
        {
            // The server lost its script cache (restart, failover, SCRIPT FLUSH): send the text,
            // which caches it again. Rows already applied are not in the list, and a row sent
            // twice would change nothing anyway.
            var again = forgotten.Select(i => calls[i]).ToArray();
            await RedisOnlineScripts.RunWriteAsync(database, again, useHash: false).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<OnlineRecord?>> ReadAsync(string tenant, string view, IReadOnlyList<string> entityKeys, CancellationToken cancellationToken)
    {
        OnlineStoreArguments.CheckRead(tenant, view, entityKeys);
        var found = new OnlineRecord?[entityKeys.Count];
        if (found.Length == 0)
        {
            return found;
        }

        var viewPart = _keys.View(tenant, view);
        var database = _redis.GetDatabase();
        var pending = new Task<HashEntry[]>[found.Length];
        if (pending.Length == 1)
        {
            pending[0] = database.HashGetAllAsync(RedisOnlineKeys.Entity(viewPart, entityKeys[0]));
        }
        else
        {
            var batch = database.CreateBatch();
            for (var i = 0; i < pending.Length; i++)
            {
                pending[i] = batch.HashGetAllAsync(RedisOnlineKeys.Entity(viewPart, entityKeys[i]));
            }
            batch.Execute();
        }
        await Task.WhenAll(pending).WaitAsync(cancellationToken).ConfigureAwait(false);

        for (var i = 0; i < found.Length; i++)
        {
            var entries = pending[i].Result;
            found[i] = entries.Length == 0 ? null : ToRecord(entityKeys[i], entries);
        }
        return found;
    }

    public async Task<long> CountAsync(string tenant, string view, CancellationToken cancellationToken)
    {
        OnlineStoreArguments.CheckView(tenant, view);
        var entities = RedisOnlineKeys.Entities(_keys.View(tenant, view));
        return await _redis.GetDatabase().SetLengthAsync(entities).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The view's bytes on the server (<see cref="RedisOnlineFootprint"/>): measured, or sampled for large views.</summary>
    public Task<OnlineViewFootprint> MeasureAsync(string tenant, string view, CancellationToken cancellationToken)
    {
        OnlineStoreArguments.CheckView(tenant, view);
        return RedisOnlineFootprint.MeasureAsync(_redis.GetDatabase(), _keys.View(tenant, view), tenant, view, cancellationToken);
    }

    private static OnlineRecord ToRecord(string entityKey, HashEntry[] entries)
    {
        long? ticks = null;
        string? eventId = null;
        string? viewVersion = null;
        var values = new Dictionary<string, object?>(entries.Length, StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var field = (string)entry.Name!;
            var text = (string)entry.Value!;
            switch (field)
            {
                case RedisOnlineScripts.EventTimeField:
                    ticks = long.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
                    break;
                case RedisOnlineScripts.EventIdField:
                    eventId = text;
                    break;
                case RedisOnlineScripts.ViewVersionField:
                    viewVersion = text;
                    break;
                default:
                    if (field.StartsWith(RedisOnlineScripts.FeaturePrefix, StringComparison.Ordinal))
                    {
                        values[field[RedisOnlineScripts.FeaturePrefix.Length..]] = FeatureValueCodec.Decode(text);
                    }
                    break;
            }
        }
        if (ticks is null || eventId is null || viewVersion is null)
        {
            // Only the write script creates these hashes, and it always sets all three.
            throw new InvalidDataException($"The Redis hash of entity '{entityKey}' lacks its event time, event id or view version.");
        }
        return new OnlineRecord(entityKey, viewVersion, new DateTimeOffset(ticks.Value, TimeSpan.Zero), eventId, new ReadOnlyDictionary<string, object?>(values));
    }
}
