using System.Collections.Concurrent;
using Keel.Storage;
using Microsoft.Extensions.Options;

namespace Keel.Features.Online;

/// <summary>
/// The online store of the embedded default: every record lives in memory, so a read is a
/// dictionary lookup that allocates only its result, and every write goes through to a SQLite
/// file first, so a restart loads the same records back.
/// </summary>
/// <remarks>
/// One store instance owns its file: two processes writing the same file would each serve their
/// own memory. All records are held in memory (roughly 0.5–1 KiB per entity of a 14-feature
/// view); that suits the embedded default's data sizes, and Redis serves beyond them.
/// </remarks>
public sealed class EmbeddedOnlineStore : IOnlineStore
{
    private readonly OnlineRecordTable _table;
    private readonly ConcurrentDictionary<(string Tenant, string View), ConcurrentDictionary<string, OnlineRecord>> _views = new();

    // Writers take turns: SQLite has one writer at a time anyway, and holding the turn from the
    // table's last-writer-wins decision until memory has copied it means no other writer can
    // slip between the compare and the write, in memory or on disk.
    private readonly SemaphoreSlim _writeTurn = new(1, 1);

    /// <summary>Opens (or creates) the store's SQLite file and loads every record it holds.</summary>
    public EmbeddedOnlineStore(string databasePath)
    {
        _table = new OnlineRecordTable(databasePath);
        foreach (var (tenant, view, record) in _table.ReadAll())
        {
            Entities(tenant, view)[record.EntityKey] = record;
        }
    }

    public EmbeddedOnlineStore(IOptions<EmbeddedOnlineStoreOptions> options, IOptions<StorageOptions> storage)
        : this(options.Value.ResolvePath(storage.Value))
    {
    }

    /// <summary>The full path of the SQLite file.</summary>
    public string DatabasePath => _table.Path;

    public async Task WriteAsync(string tenant, string view, string viewVersion, IReadOnlyList<string> featureNames, IReadOnlyList<FeatureRow> rows, CancellationToken cancellationToken)
    {
        OnlineStoreArguments.CheckWrite(tenant, view, viewVersion, featureNames, rows);
        if (rows.Count == 0)
        {
            return;
        }

        var names = new FeatureNames(featureNames);
        var records = new OnlineRecord[rows.Count];
        for (var i = 0; i < records.Length; i++)
        {
            var row = rows[i];
            records[i] = new OnlineRecord(row.EntityKey, viewVersion, row.EventTime.ToUniversalTime(), row.EventId, FeatureValues.Copy(names, row.Values));
        }

        await _writeTurn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var applied = _table.Write(tenant, view, names, records, cancellationToken);
            var entities = Entities(tenant, view);
            for (var i = 0; i < records.Length; i++)
            {
                // In row order, so of several rows for one entity the one the table kept is the last copied.
                if (applied[i])
                {
                    entities[records[i].EntityKey] = records[i];
                }
            }
        }
        finally
        {
            _writeTurn.Release();
        }
    }

    public Task<IReadOnlyList<OnlineRecord?>> ReadAsync(string tenant, string view, IReadOnlyList<string> entityKeys, CancellationToken cancellationToken)
    {
        OnlineStoreArguments.CheckRead(tenant, view, entityKeys);
        var found = new OnlineRecord?[entityKeys.Count];
        if (_views.TryGetValue((tenant, view), out var entities))
        {
            for (var i = 0; i < found.Length; i++)
            {
                entities.TryGetValue(entityKeys[i], out found[i]);
            }
        }
        return Task.FromResult<IReadOnlyList<OnlineRecord?>>(found);
    }

    public Task<long> CountAsync(string tenant, string view, CancellationToken cancellationToken)
    {
        OnlineStoreArguments.CheckView(tenant, view);
        return Task.FromResult<long>(_views.TryGetValue((tenant, view), out var entities) ? entities.Count : 0);
    }

    private ConcurrentDictionary<string, OnlineRecord> Entities(string tenant, string view) =>
        _views.GetOrAdd((tenant, view), static _ => new ConcurrentDictionary<string, OnlineRecord>(StringComparer.Ordinal));
}
