using Keel.Drift.Profiles;
using Keel.Drift.Windows;
using Keel.Storage;
using Microsoft.Data.Sqlite;

namespace Keel.Monitoring;

/// <summary>
/// Every window drift monitoring judged, alerted or not, with its profile, in SQLite under the data
/// directory (<c>monitoring/drift-history.db</c>): what drift reports read. Recording a window again
/// (a redelivered batch) changes nothing, and each recording deletes the windows that ended before
/// the retention. Every read is of one tenant's windows.
/// </summary>
public sealed class DriftHistory
{
    private readonly SqliteDatabase _database;
    private readonly TimeSpan _retention;
    private readonly TimeProvider _time;

    public DriftHistory(string path, DriftHistoryOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _retention = options.Retention;
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _database = new SqliteDatabase(path,
        [
            """
            CREATE TABLE IF NOT EXISTS judged_windows (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                tenant TEXT NOT NULL,
                model TEXT NOT NULL,
                version INTEGER NOT NULL,
                identity TEXT NOT NULL,
                starts_at INTEGER NULL,
                ends_at INTEGER NOT NULL,
                rows INTEGER NOT NULL,
                closed_because TEXT NOT NULL,
                dataset_drift INTEGER NOT NULL,
                drift_share REAL NOT NULL,
                score_drift INTEGER NOT NULL,
                profile TEXT NOT NULL,
                recorded_at INTEGER NOT NULL,
                UNIQUE (tenant, model, version, identity)
            );
            """,
            "CREATE INDEX IF NOT EXISTS judged_windows_by_end ON judged_windows (tenant, model, version, ends_at);",
            "CREATE INDEX IF NOT EXISTS judged_windows_by_age ON judged_windows (ends_at);",
        ]);
    }

    public string Path => _database.Path;

    /// <summary>Keeps the windows (once each), then deletes those past the retention.</summary>
    public Task RecordAsync(IReadOnlyCollection<JudgedWindow> windows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(windows);
        var now = _time.GetUtcNow();
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        using (var insert = Command(connection, transaction,
            """
            INSERT OR IGNORE INTO judged_windows
                (tenant, model, version, identity, starts_at, ends_at, rows, closed_because, dataset_drift, drift_share, score_drift, profile, recorded_at)
            VALUES ($t, $m, $v, $id, $start, $end, $rows, $reason, $dd, $share, $sd, $profile, $at)
            """))
        {
            foreach (var window in windows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                insert.Parameters.Clear();
                var profile = window.Profile.ToJson();
                Bind(insert, ("$t", window.Key.Tenant), ("$m", window.Key.Model), ("$v", window.Key.Version), ("$id", WindowIdentity.Of(window.Start, window.End, window.Rows, window.Reason, profile)),
                    ("$start", window.Start?.ToUnixTimeMilliseconds()), ("$end", window.End.ToUnixTimeMilliseconds()), ("$rows", window.Rows),
                    ("$reason", window.Reason.ToString()), ("$dd", window.DatasetDrift ? 1 : 0), ("$share", window.DriftShare),
                    ("$sd", window.ScoreDrift ? 1 : 0), ("$profile", profile), ("$at", now.ToUnixTimeMilliseconds()));
                insert.ExecuteNonQuery();
            }
        }
        using (var prune = Command(connection, transaction, "DELETE FROM judged_windows WHERE ends_at < $cutoff"))
        {
            Bind(prune, ("$cutoff", (now - _retention).ToUnixTimeMilliseconds()));
            prune.ExecuteNonQuery();
        }
        transaction.Commit();
        return Task.CompletedTask;
    }

    /// <summary>The newest version of the model that has judged windows, or null when none has.</summary>
    public Task<int?> LatestVersionAsync(string tenant, string model, CancellationToken cancellationToken)
    {
        using var connection = _database.Open();
        using var command = Command(connection, null, "SELECT MAX(version) FROM judged_windows WHERE tenant = $t AND model = $m");
        Bind(command, ("$t", tenant), ("$m", model));
        return Task.FromResult(command.ExecuteScalar() is long version ? (int?)version : null);
    }

    /// <summary>The version's last judged window (latest end; of equal ends, the last recorded), or null.</summary>
    public Task<JudgedWindow?> LatestAsync(VersionKey key, CancellationToken cancellationToken) =>
        Task.FromResult(Read(key, long.MinValue, 1).SingleOrDefault());

    /// <summary>
    /// The version's windows that ended at or after <paramref name="since"/>, newest first, at most
    /// <paramref name="limit"/>. Each is read (and its profile parsed) as the enumeration reaches it,
    /// so a caller that folds them up holds one profile at a time.
    /// </summary>
    public IEnumerable<JudgedWindow> EndedSince(VersionKey key, DateTimeOffset since, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return Read(key, since.ToUnixTimeMilliseconds(), limit);
    }

    /// <summary>How many of the version's windows ended at or after <paramref name="since"/>.</summary>
    public Task<long> CountEndedSinceAsync(VersionKey key, DateTimeOffset since, CancellationToken cancellationToken)
    {
        using var connection = _database.Open();
        using var count = Command(connection, null, "SELECT COUNT(*) FROM judged_windows WHERE tenant = $t AND model = $m AND version = $v AND ends_at >= $since");
        Bind(count, ("$t", key.Tenant), ("$m", key.Model), ("$v", key.Version), ("$since", since.ToUnixTimeMilliseconds()));
        return Task.FromResult((long)count.ExecuteScalar()!);
    }

    private IEnumerable<JudgedWindow> Read(VersionKey key, long since, int limit)
    {
        using var connection = _database.Open();
        using var command = Command(connection, null,
            """
            SELECT starts_at, ends_at, rows, closed_because, dataset_drift, drift_share, score_drift, profile FROM judged_windows
            WHERE tenant = $t AND model = $m AND version = $v AND ends_at >= $since
            ORDER BY ends_at DESC, id DESC LIMIT $limit
            """);
        Bind(command, ("$t", key.Tenant), ("$m", key.Model), ("$v", key.Version), ("$since", since), ("$limit", limit));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return new JudgedWindow(
                key,
                reader.IsDBNull(0) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
                reader.GetInt64(2),
                Enum.Parse<WindowCloseReason>(reader.GetString(3)),
                reader.GetInt64(4) == 1,
                reader.GetDouble(5),
                reader.GetInt64(6) == 1,
                DatasetProfile.FromJson(reader.GetString(7)));
        }
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static void Bind(SqliteCommand command, params (string Name, object? Value)[] parameters)
    {
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
    }
}
