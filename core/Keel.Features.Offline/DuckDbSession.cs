using System.Text.RegularExpressions;
using DuckDB.NET.Data;

namespace Keel.Features.Offline;

/// <summary>
/// The DuckDB of one query or one append: a private in-memory database that reads or writes the
/// store's Parquet files and is thrown away afterwards, so operations share no state and a
/// tenant's query sees only the files it was given.
/// </summary>
internal sealed partial class DuckDbSession : IDisposable
{
    private readonly DuckDBConnection _connection;

    private DuckDbSession(DuckDBConnection connection) => _connection = connection;

    public static DuckDbSession Open(ParquetOfflineStoreOptions options)
    {
        var connection = new DuckDBConnection("Data Source=:memory:");
        try
        {
            connection.Open();
            var session = new DuckDbSession(connection);
            // Spills of large joins go under the store's root rather than the process's working directory.
            session.Execute($"SET temp_directory = {OfflineNames.Literal(Path.Combine(Path.GetFullPath(options.RootDirectory), "_duckdb_tmp"))}");
            if (options.QueryThreads is { } threads)
            {
                session.Execute($"SET threads = {threads}");
            }
            if (options.QueryMemoryLimit is { } limit)
            {
                session.Execute($"SET memory_limit = {OfflineNames.Literal(limit)}");
            }
            return session;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Rejects settings DuckDB would only refuse at the first query.</summary>
    public static void CheckOptions(ParquetOfflineStoreOptions options)
    {
        if (options.QueryThreads is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.QueryThreads, "QueryThreads must be at least 1.");
        }
        if (options.QueryMemoryLimit is { } limit && !MemoryLimitPattern().IsMatch(limit))
        {
            throw new ArgumentException($"QueryMemoryLimit '{limit}' is not a size such as 512MB or 4GB.", nameof(options));
        }
    }

    public void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Runs a query; cancelling the token interrupts DuckDB.</summary>
    public void Read(string sql, Action<DuckDBDataReader> read, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        using var registration = cancellationToken.Register(command.Cancel);
        try
        {
            using var reader = command.ExecuteReader();
            read(reader);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
    }

    /// <summary>
    /// Loads the entity frame with DuckDB's appender into <c>frame(row_idx, eid, ts)</c>, timestamps
    /// as UTC microseconds and row_idx keeping the caller's order, and its distinct entity keys
    /// into <c>entities(entity_key, eid, first_ts, last_ts)</c>: numbered densely here so DuckDB
    /// joins on integers, with the range of each entity's frame timestamps.
    /// </summary>
    public void LoadFrame(EntityFrame frame, CancellationToken cancellationToken)
    {
        Execute("CREATE TABLE frame (row_idx BIGINT NOT NULL, eid INTEGER NOT NULL, ts BIGINT NOT NULL)");
        Execute("CREATE TABLE entities (entity_key VARCHAR NOT NULL, eid INTEGER NOT NULL, first_ts BIGINT NOT NULL, last_ts BIGINT NOT NULL)");
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var keys = new List<string>();
        var bounds = new List<(long First, long Last)>();
        using (var frameRows = _connection.CreateAppender("frame"))
        {
            for (var i = 0; i < frame.Count; i++)
            {
                if ((i & 0xFFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }
                var key = frame.EntityKeys[i] ?? throw new ArgumentException($"row {i} of the entity frame has no entity key.", nameof(frame));
                var micros = Microseconds.From(frame.Timestamps[i]);
                if (ids.TryGetValue(key, out var id))
                {
                    bounds[id] = (Math.Min(bounds[id].First, micros), Math.Max(bounds[id].Last, micros));
                }
                else
                {
                    id = ids.Count;
                    ids.Add(key, id);
                    keys.Add(key);
                    bounds.Add((micros, micros));
                }
                frameRows.CreateRow().AppendValue((long)i).AppendValue(id).AppendValue(micros).EndRow();
            }
        }
        using var entities = _connection.CreateAppender("entities");
        for (var id = 0; id < keys.Count; id++)
        {
            entities.CreateRow().AppendValue(keys[id]).AppendValue(id).AppendValue(bounds[id].First).AppendValue(bounds[id].Last).EndRow();
        }
    }

    public DuckDBAppender CreateAppender(string table) => _connection.CreateAppender(table);

    public void Dispose() => _connection.Dispose();

    [GeneratedRegex(@"^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$", RegexOptions.IgnoreCase)]
    private static partial Regex MemoryLimitPattern();
}
