using System.Collections.Concurrent;
using System.Globalization;
using Keel.Features.Definitions;

namespace Keel.Features.Offline;

/// <summary>
/// The offline store of the embedded default and of production alike: append-only Parquet files
/// partitioned by the event's UTC date, <c>&lt;root&gt;/&lt;tenant&gt;/&lt;view&gt;/date=YYYY-MM-DD/part-&lt;guid&gt;.parquet</c>,
/// listed in a SQLite manifest and queried with DuckDB.
/// </summary>
/// <remarks>
/// An append writes its files under temporary names, renames them into place, then records the
/// files and the event ids in one manifest transaction. Readers use only files the manifest
/// lists, so a crash before the commit leaves an orphan nobody reads; opening the store sweeps
/// orphans older than <see cref="ParquetOfflineStoreOptions.OrphanGracePeriod"/>.
/// </remarks>
public sealed class ParquetOfflineStore : IOfflineStore
{
    // Another process can commit the same event ids between our check and our commit; each
    // lost race re-checks, so more than a few in a row means something else is wrong.
    private const int CommitAttempts = 5;

    private readonly ParquetOfflineStoreOptions _options;
    private readonly string _root;
    private readonly OfflineManifest _manifest;
    private readonly ConcurrentDictionary<(string Tenant, string View), SemaphoreSlim> _appendGates = new();

    public ParquetOfflineStore(ParquetOfflineStoreOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(options.RootDirectory);
        if (options.RowGroupSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.RowGroupSize, "RowGroupSize must be positive.");
        }
        DuckDbSession.CheckOptions(options);
        _options = options;
        _root = Path.GetFullPath(options.RootDirectory);
        Directory.CreateDirectory(_root);
        _manifest = new OfflineManifest(options.ResolvedManifestPath);
        OrphansSwept = OfflineOrphans.Sweep(_root, _manifest.AllPaths(), options.OrphanGracePeriod);
    }

    /// <summary>How many uncommitted files opening the store deleted.</summary>
    public int OrphansSwept { get; }

    public async Task<int> AppendAsync(string tenant, FeatureViewDefinition view, string viewVersion, IReadOnlyList<FeatureRow> rows, CancellationToken cancellationToken)
    {
        OfflineNames.CheckTenant(tenant);
        OfflineNames.CheckDefinition(view);
        ArgumentException.ThrowIfNullOrWhiteSpace(viewVersion);

        // Every row is checked before anything is written: a bad row stores none of the batch.
        // Within the batch the first row of an event id wins, as it would across batches.
        var batch = new List<OfflineRow>(rows.Count);
        var seen = new HashSet<string>(rows.Count, StringComparer.Ordinal);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = OfflineRow.From(view, rows[i], i);
            if (seen.Add(row.EventId))
            {
                batch.Add(row);
            }
        }
        if (batch.Count == 0)
        {
            return 0;
        }

        var gate = _appendGates.GetOrAdd((tenant, view.Name), _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var stored = _manifest.FindStored(tenant, view.Name, batch.Select(r => r.EventId));
                var fresh = stored.Count == 0 ? batch : batch.Where(r => !stored.Contains(r.EventId)).ToList();
                if (fresh.Count == 0)
                {
                    return 0;
                }

                var files = OfflineFileWriter.Write(_options, _root, tenant, view, viewVersion, fresh, cancellationToken);
                if (_manifest.TryCommit(tenant, view.Name, [.. fresh.Select(r => r.EventId)], files))
                {
                    return fresh.Count;
                }

                OfflineFileWriter.Delete(_root, files);
                if (attempt == CommitAttempts)
                {
                    throw new IOException($"Appending to view '{view.Name}' of tenant '{tenant}' lost {CommitAttempts} races in a row with other writers of the same event ids.");
                }
            }
        }
        finally
        {
            gate.Release();
        }
    }

    public Task<long> CountAsync(string tenant, string view, CancellationToken cancellationToken)
    {
        OfflineNames.CheckTenant(tenant);
        OfflineNames.CheckView(view);
        return Task.FromResult(_manifest.Count(tenant, view));
    }

    public Task<IReadOnlyList<FeatureRow>> LatestPerEntityAsync(string tenant, FeatureViewDefinition view, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        OfflineNames.CheckTenant(tenant);
        OfflineNames.CheckDefinition(view);
        // DuckDB blocks its calling thread for the whole query; the caller's thread stays free.
        return Task.Run(() => LatestPerEntity(tenant, view, Microseconds.From(from), Microseconds.From(to), cancellationToken), cancellationToken);
    }

    public Task<FeatureFrame> GetHistoricalFeaturesAsync(string tenant, EntityFrame frame, IReadOnlyList<ViewSelection> views, CancellationToken cancellationToken)
    {
        OfflineNames.CheckTenant(tenant);
        var selected = views.Select(SelectedFeatures.Of).ToArray();
        return Task.Run(() => Historical(tenant, frame, selected, cancellationToken), cancellationToken);
    }

    public Task<FeatureFrame> GetTrainingSetAsync(string tenant, ViewSelection labelView, IReadOnlyList<ViewSelection> views, CancellationToken cancellationToken)
    {
        OfflineNames.CheckTenant(tenant);
        var label = SelectedFeatures.Of(labelView);
        var selected = views.Select(SelectedFeatures.Of).ToArray();
        return Task.Run(() => TrainingSet(tenant, label, selected, cancellationToken), cancellationToken);
    }

    private IReadOnlyList<FeatureRow> LatestPerEntity(string tenant, FeatureViewDefinition view, long fromMicros, long toMicros, CancellationToken cancellationToken)
    {
        var lastMicros = toMicros - 1;
        if (lastMicros < fromMicros)
        {
            return [];
        }

        var files = _manifest.Files(tenant, view.Name, fromMicros, lastMicros);
        var relation = ViewRelation.Sql(_root, files, view.Features, fromMicros, lastMicros);
        var sql = $"""
            SELECT entity_key, ts, created, event_id{string.Concat(view.Features.Select((_, i) => $", c{i}"))}
            FROM ({relation})
            QUALIFY row_number() OVER (PARTITION BY entity_key ORDER BY ts DESC, created DESC, event_id DESC) = 1
            ORDER BY entity_key
            """;

        var latest = new List<FeatureRow>();
        using var session = DuckDbSession.Open(_options);
        session.Read(sql, reader =>
        {
            while (reader.Read())
            {
                var values = new object?[view.Features.Count];
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = FeatureValueReader.Read(reader, 4 + i, view.Features[i].Type);
                }
                latest.Add(new FeatureRow(
                    reader.GetString(0),
                    Microseconds.ToDateTimeOffset(reader.GetInt64(1)),
                    Microseconds.ToDateTimeOffset(reader.GetInt64(2)),
                    reader.GetString(3),
                    values));
            }
        }, cancellationToken);
        return latest;
    }

    private FeatureFrame Historical(string tenant, EntityFrame frame, SelectedFeatures[] selected, CancellationToken cancellationToken)
    {
        var timestamps = new DateTimeOffset[frame.Count];
        long first = long.MaxValue, last = long.MinValue;
        for (var i = 0; i < frame.Count; i++)
        {
            var micros = Microseconds.From(frame.Timestamps[i]);
            timestamps[i] = Microseconds.ToDateTimeOffset(micros);
            first = Math.Min(first, micros);
            last = Math.Max(last, micros);
        }
        var columns = new FeatureColumns(selected, frame.Count);
        if (frame.Count > 0)
        {
            using var session = DuckDbSession.Open(_options);
            session.LoadFrame(frame, cancellationToken);
            var sql = PointInTimeSql.Query([.. selected.Select(s => PointInTimeView(tenant, s, first, last))], []);
            session.Read(sql, reader =>
            {
                while (reader.Read())
                {
                    columns.Read(reader, 1, checked((int)reader.GetInt64(0)));
                }
            }, cancellationToken);
        }
        return new FeatureFrame(frame.EntityKeys, timestamps, [.. columns.ToFrameColumns()]);
    }

    private FeatureFrame TrainingSet(string tenant, SelectedFeatures label, SelectedFeatures[] selected, CancellationToken cancellationToken)
    {
        using var session = DuckDbSession.Open(_options);
        // The label rows become the frame inside DuckDB, in event-time order (then entity, then
        // event id, so the order is stable); the frame never travels through .NET.
        var labelColumns = label.Features.Select((_, i) => "l" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
        var labelRelation = ViewRelation.Sql(_root, _manifest.Files(tenant, label.View.Name), label.Features);
        session.Execute($"""
            CREATE TABLE labels AS
            SELECT (row_number() OVER (ORDER BY ts, entity_key, event_id) - 1)::BIGINT AS row_idx, entity_key, ts
                {string.Concat(labelColumns.Select((l, i) => $", c{i} AS {l}"))}
            FROM ({labelRelation})
            """);
        session.Execute("""
            CREATE TABLE entities AS
            SELECT entity_key, (row_number() OVER () - 1)::INTEGER AS eid, first_ts, last_ts
            FROM (SELECT entity_key, min(ts) AS first_ts, max(ts) AS last_ts FROM labels GROUP BY entity_key)
            """);
        session.Execute("CREATE TABLE frame AS SELECT l.*, e.eid FROM labels l JOIN entities e USING (entity_key)");

        long count = 0, first = 0, last = 0;
        session.Read("SELECT count(*), coalesce(min(ts), 0), coalesce(max(ts), 0) FROM frame", reader =>
        {
            reader.Read();
            (count, first, last) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
        }, cancellationToken);

        var rows = checked((int)count);
        var entityKeys = new string[rows];
        var timestamps = new DateTimeOffset[rows];
        var labelValues = new FeatureColumns([label], rows);
        var columns = new FeatureColumns(selected, rows);
        if (rows > 0)
        {
            var sql = PointInTimeSql.Query([.. selected.Select(s => PointInTimeView(tenant, s, first, last))], ["entity_key", "ts", .. labelColumns]);
            session.Read(sql, reader =>
            {
                while (reader.Read())
                {
                    var row = checked((int)reader.GetInt64(0));
                    entityKeys[row] = reader.GetString(1);
                    timestamps[row] = Microseconds.ToDateTimeOffset(reader.GetInt64(2));
                    labelValues.Read(reader, 3, row);
                    columns.Read(reader, 3 + labelValues.Count, row);
                }
            }, cancellationToken);
        }
        return new FeatureFrame(entityKeys, timestamps, [.. labelValues.ToFrameColumns(), .. columns.ToFrameColumns()]);
    }

    /// <summary>
    /// A view of a point-in-time join over frame timestamps in [<paramref name="first"/>, <paramref name="last"/>]:
    /// rows after the last timestamp can never be chosen, nor rows older than the TTL before the
    /// first, so the files and row groups holding only those are not read.
    /// </summary>
    private PointInTimeView PointInTimeView(string tenant, SelectedFeatures selected, long first, long last)
    {
        long? ttl = selected.View.Ttl is { } span ? Microseconds.From(span) : null;
        var from = ttl is { } t ? first - t : long.MinValue;
        var files = _manifest.Files(tenant, selected.View.Name, from, last);
        return new PointInTimeView(ViewRelation.Sql(_root, files, selected.Features, from, last), selected.Features.Count, ttl);
    }
}
