using System.Globalization;
using System.Text.Json;
using Keel.Storage;
using Microsoft.Data.Sqlite;

namespace Keel.Features.Offline;

/// <summary>
/// The SQLite manifest: the only source of truth for which Parquet files exist and which event
/// ids are stored. A file becomes visible to readers in the same transaction that records its
/// event ids, so an append is all or nothing and a file the manifest does not list is never read.
/// </summary>
internal sealed class OfflineManifest
{
    private const int SqliteConstraint = 19;

    private readonly SqliteDatabase _database;

    public OfflineManifest(string path)
    {
        _database = new SqliteDatabase(path,
        [
            """
            CREATE TABLE IF NOT EXISTS offline_events (
                tenant TEXT NOT NULL,
                view TEXT NOT NULL,
                event_id TEXT NOT NULL,
                PRIMARY KEY (tenant, view, event_id)
            ) WITHOUT ROWID;
            """,
            """
            CREATE TABLE IF NOT EXISTS offline_files (
                tenant TEXT NOT NULL,
                view TEXT NOT NULL,
                path TEXT NOT NULL,
                event_date TEXT NOT NULL,
                rows INTEGER NOT NULL,
                min_ts INTEGER NOT NULL,
                max_ts INTEGER NOT NULL,
                view_version TEXT NOT NULL,
                columns TEXT NOT NULL,
                created_at TEXT NOT NULL,
                PRIMARY KEY (tenant, view, path)
            ) WITHOUT ROWID;
            """,
        ]);
    }

    public string Path => _database.Path;

    /// <summary>The ids among <paramref name="eventIds"/> that the view already stores.</summary>
    public HashSet<string> FindStored(string tenant, string view, IEnumerable<string> eventIds)
    {
        var stored = new HashSet<string>(StringComparer.Ordinal);
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        // One statement for the whole batch: the ids travel as a JSON array and are probed in SQLite.
        command.CommandText = "SELECT event_id FROM offline_events WHERE tenant = $tenant AND view = $view AND event_id IN (SELECT value FROM json_each($ids))";
        command.Parameters.AddWithValue("$tenant", tenant);
        command.Parameters.AddWithValue("$view", view);
        command.Parameters.AddWithValue("$ids", JsonSerializer.Serialize(eventIds));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            stored.Add(reader.GetString(0));
        }
        return stored;
    }

    /// <summary>
    /// Records the event ids and the files in one transaction. Returns false, having changed
    /// nothing, when another writer stored one of the event ids since they were checked.
    /// </summary>
    public bool TryCommit(string tenant, string view, IReadOnlyList<string> eventIds, IReadOnlyList<OfflineFile> files)
    {
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        try
        {
            using (var events = connection.CreateCommand())
            {
                events.Transaction = transaction;
                events.CommandText = "INSERT INTO offline_events (tenant, view, event_id) SELECT $tenant, $view, value FROM json_each($ids)";
                events.Parameters.AddWithValue("$tenant", tenant);
                events.Parameters.AddWithValue("$view", view);
                events.Parameters.AddWithValue("$ids", JsonSerializer.Serialize(eventIds));
                events.ExecuteNonQuery();
            }

            using (var insert = connection.CreateCommand())
            {
                insert.Transaction = transaction;
                insert.CommandText = """
                    INSERT INTO offline_files (tenant, view, path, event_date, rows, min_ts, max_ts, view_version, columns, created_at)
                    VALUES ($tenant, $view, $path, $date, $rows, $min, $max, $version, $columns, $created)
                    """;
                var created = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
                foreach (var file in files)
                {
                    insert.Parameters.Clear();
                    insert.Parameters.AddWithValue("$tenant", file.Tenant);
                    insert.Parameters.AddWithValue("$view", file.View);
                    insert.Parameters.AddWithValue("$path", file.Path);
                    insert.Parameters.AddWithValue("$date", file.EventDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                    insert.Parameters.AddWithValue("$rows", file.Rows);
                    insert.Parameters.AddWithValue("$min", file.MinMicros);
                    insert.Parameters.AddWithValue("$max", file.MaxMicros);
                    insert.Parameters.AddWithValue("$version", file.ViewVersion);
                    insert.Parameters.AddWithValue("$columns", JsonSerializer.Serialize(file.Columns));
                    insert.Parameters.AddWithValue("$created", created);
                    insert.ExecuteNonQuery();
                }
            }

            transaction.Commit();
            return true;
        }
        catch (SqliteException e) when (e.SqliteErrorCode == SqliteConstraint)
        {
            transaction.Rollback();
            return false;
        }
    }

    /// <summary>
    /// The view's files whose event-time range meets [<paramref name="fromMicros"/>, <paramref name="toMicros"/>]
    /// (both inclusive), in a stable order.
    /// </summary>
    public IReadOnlyList<OfflineFile> Files(string tenant, string view, long fromMicros = long.MinValue, long toMicros = long.MaxValue)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT path, event_date, rows, min_ts, max_ts, view_version, columns FROM offline_files
            WHERE tenant = $tenant AND view = $view AND max_ts >= $from AND min_ts <= $to
            ORDER BY event_date, path
            """;
        command.Parameters.AddWithValue("$tenant", tenant);
        command.Parameters.AddWithValue("$view", view);
        command.Parameters.AddWithValue("$from", fromMicros);
        command.Parameters.AddWithValue("$to", toMicros);
        var files = new List<OfflineFile>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            files.Add(new OfflineFile(
                tenant,
                view,
                reader.GetString(0),
                DateOnly.ParseExact(reader.GetString(1), "yyyy-MM-dd", CultureInfo.InvariantCulture),
                reader.GetInt64(2),
                reader.GetInt64(3),
                reader.GetInt64(4),
                reader.GetString(5),
                JsonSerializer.Deserialize<List<OfflineColumn>>(reader.GetString(6)) ?? []));
        }
        return files;
    }

    public long Count(string tenant, string view)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(SUM(rows), 0) FROM offline_files WHERE tenant = $tenant AND view = $view";
        command.Parameters.AddWithValue("$tenant", tenant);
        command.Parameters.AddWithValue("$view", view);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>Every committed file path, for telling orphans apart.</summary>
    public HashSet<string> AllPaths()
    {
        var paths = new HashSet<string>(StringComparer.Ordinal);
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT path FROM offline_files";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            paths.Add(reader.GetString(0));
        }
        return paths;
    }
}
