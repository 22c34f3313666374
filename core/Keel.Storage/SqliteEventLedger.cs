using Keel.Events.Messaging;
using Microsoft.Data.Sqlite;

namespace Keel.Storage;

/// <summary>The idempotence ledger of the embedded default, one SQLite table keyed by handler, tenant and event id.</summary>
public sealed class SqliteEventLedger : IEventLedger
{
    private readonly SqliteDatabase _database;

    public SqliteEventLedger(string path)
    {
        _database = new SqliteDatabase(path,
        [
            """
            CREATE TABLE IF NOT EXISTS processed_events (
                handler TEXT NOT NULL,
                tenant TEXT NOT NULL,
                event_id TEXT NOT NULL,
                processed_at TEXT NOT NULL,
                PRIMARY KEY (handler, tenant, event_id)
            ) WITHOUT ROWID;
            """,
        ]);
    }

    public Task<IReadOnlySet<string>> FindProcessedAsync(string handler, string tenant, IReadOnlyCollection<string> eventIds, CancellationToken cancellationToken)
    {
        var found = new HashSet<string>();
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1 FROM processed_events WHERE handler = $h AND tenant = $t AND event_id = $id";
        command.Parameters.AddWithValue("$h", handler);
        command.Parameters.AddWithValue("$t", tenant);
        var id = command.Parameters.Add("$id", SqliteType.Text);
        foreach (var eventId in eventIds)
        {
            id.Value = eventId;
            if (command.ExecuteScalar() is not null)
            {
                found.Add(eventId);
            }
        }
        return Task.FromResult<IReadOnlySet<string>>(found);
    }

    public Task MarkProcessedAsync(string handler, string tenant, IReadOnlyCollection<string> eventIds, CancellationToken cancellationToken)
    {
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT OR IGNORE INTO processed_events (handler, tenant, event_id, processed_at) VALUES ($h, $t, $id, $at)";
        command.Parameters.AddWithValue("$h", handler);
        command.Parameters.AddWithValue("$t", tenant);
        command.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToString("O"));
        var id = command.Parameters.Add("$id", SqliteType.Text);
        foreach (var eventId in eventIds)
        {
            id.Value = eventId;
            command.ExecuteNonQuery();
        }
        transaction.Commit();
        return Task.CompletedTask;
    }

    /// <summary>Forgets events marked before <paramref name="before"/>: redeliveries older than that no longer need catching.</summary>
    public Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        // processed_at is written as UTC round-trip text, so text order is time order.
        command.CommandText = "DELETE FROM processed_events WHERE processed_at < $before";
        command.Parameters.AddWithValue("$before", before.ToUniversalTime().ToString("O"));
        return Task.FromResult(command.ExecuteNonQuery());
    }
}
