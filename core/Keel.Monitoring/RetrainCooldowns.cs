using Keel.Storage;
using Microsoft.Data.Sqlite;

namespace Keel.Monitoring;

/// <summary>
/// When each model last had a retraining started by drift, and by which alert, in SQLite under the
/// data directory: a restart of the workflows app keeps the cool-down.
/// </summary>
public sealed class RetrainCooldowns
{
    private readonly SqliteDatabase _database;

    public RetrainCooldowns(string path)
    {
        _database = new SqliteDatabase(path,
        [
            """
            CREATE TABLE IF NOT EXISTS retrain_starts (
                tenant TEXT NOT NULL,
                model TEXT NOT NULL,
                started_at TEXT NOT NULL,
                event_id TEXT NOT NULL,
                instance_id TEXT NOT NULL,
                PRIMARY KEY (tenant, model)
            ) WITHOUT ROWID;
            """,
        ]);
    }

    /// <summary>The last start for the model, or null when drift never started one.</summary>
    public RetrainStart? Last(string tenant, string model)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT started_at, event_id, instance_id FROM retrain_starts WHERE tenant = $t AND model = $m";
        command.Parameters.AddWithValue("$t", tenant);
        command.Parameters.AddWithValue("$m", model);
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new RetrainStart(DateTimeOffset.Parse(reader.GetString(0), System.Globalization.CultureInfo.InvariantCulture), reader.GetString(1), reader.GetString(2))
            : null;
    }

    public void Record(string tenant, string model, RetrainStart start)
    {
        ArgumentNullException.ThrowIfNull(start);
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO retrain_starts (tenant, model, started_at, event_id, instance_id) VALUES ($t, $m, $at, $e, $i)
            ON CONFLICT (tenant, model) DO UPDATE SET started_at = excluded.started_at, event_id = excluded.event_id, instance_id = excluded.instance_id
            """;
        command.Parameters.AddWithValue("$t", tenant);
        command.Parameters.AddWithValue("$m", model);
        command.Parameters.AddWithValue("$at", start.StartedAt.ToString("O"));
        command.Parameters.AddWithValue("$e", start.EventId);
        command.Parameters.AddWithValue("$i", start.InstanceId);
        command.ExecuteNonQuery();
    }
}

/// <summary>A retraining drift started: when, because of which alert, as which workflow instance.</summary>
public sealed record RetrainStart(DateTimeOffset StartedAt, string EventId, string InstanceId);
