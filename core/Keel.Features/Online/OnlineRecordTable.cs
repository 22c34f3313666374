using System.Text.Json;
using Keel.Storage;
using Microsoft.Data.Sqlite;

namespace Keel.Features.Online;

/// <summary>
/// The SQLite table behind <see cref="EmbeddedOnlineStore"/>: one row per tenant, view and
/// entity. The table, not memory, decides last-writer-wins: the upsert only replaces a row
/// whose event is older, and reports whether it did, so memory copies exactly what was stored.
/// </summary>
internal sealed class OnlineRecordTable
{
    // TEXT compares with the BINARY collation, i.e. byte order of the UTF-8 encoding; the Redis
    // adapter's script compares event ids the same way, so both stores agree on which id is greater.
    private const string Upsert = """
        INSERT INTO online_records (tenant, view, entity, view_version, event_ticks, event_id, feature_names, feature_values)
        VALUES ($tenant, $view, $entity, $version, $ticks, $id, $names, $values)
        ON CONFLICT (tenant, view, entity) DO UPDATE SET
            view_version = excluded.view_version,
            event_ticks = excluded.event_ticks,
            event_id = excluded.event_id,
            feature_names = excluded.feature_names,
            feature_values = excluded.feature_values
        WHERE excluded.event_ticks > online_records.event_ticks
           OR (excluded.event_ticks = online_records.event_ticks AND excluded.event_id > online_records.event_id)
        """;

    private readonly SqliteDatabase _database;

    public OnlineRecordTable(string path)
    {
        _database = new SqliteDatabase(path,
        [
            """
            CREATE TABLE IF NOT EXISTS online_records (
                tenant TEXT NOT NULL,
                view TEXT NOT NULL,
                entity TEXT NOT NULL,
                view_version TEXT NOT NULL,
                event_ticks INTEGER NOT NULL,
                event_id TEXT NOT NULL,
                feature_names TEXT NOT NULL,
                feature_values TEXT NOT NULL,
                PRIMARY KEY (tenant, view, entity)
            ) WITHOUT ROWID;
            """,
        ]);
    }

    public string Path => _database.Path;

    /// <summary>
    /// Stores the records in one transaction and says, per record, whether it replaced what was
    /// there. Nothing is stored when it throws.
    /// </summary>
    public bool[] Write(string tenant, string view, FeatureNames names, IReadOnlyList<OnlineRecord> records, CancellationToken cancellationToken)
    {
        var applied = new bool[records.Count];
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = Upsert;
        command.Parameters.AddWithValue("$tenant", tenant);
        command.Parameters.AddWithValue("$view", view);
        command.Parameters.AddWithValue("$names", JsonSerializer.Serialize(names.All));
        var entity = command.Parameters.Add("$entity", SqliteType.Text);
        var version = command.Parameters.Add("$version", SqliteType.Text);
        var ticks = command.Parameters.Add("$ticks", SqliteType.Integer);
        var id = command.Parameters.Add("$id", SqliteType.Text);
        var values = command.Parameters.Add("$values", SqliteType.Text);
        command.Prepare();

        var encoded = new string[names.Count];
        for (var i = 0; i < records.Count; i++)
        {
            if (i % 1024 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
            var record = records[i];
            var v = 0;
            foreach (var value in record.Values.Values)
            {
                encoded[v++] = FeatureValueCodec.Encode(value);
            }
            entity.Value = record.EntityKey;
            version.Value = record.ViewVersion;
            ticks.Value = record.EventTime.UtcTicks;
            id.Value = record.EventId;
            values.Value = JsonSerializer.Serialize(encoded);
            applied[i] = command.ExecuteNonQuery() > 0;
        }
        cancellationToken.ThrowIfCancellationRequested();
        transaction.Commit();
        return applied;
    }

    /// <summary>Every stored record with its tenant and view, for filling memory when a store opens.</summary>
    public IEnumerable<(string Tenant, string View, OnlineRecord Record)> ReadAll()
    {
        // Records written together share their names' text; sharing the parsed names too keeps
        // one FeatureNames per distinct list instead of one per entity.
        var namesByText = new Dictionary<string, FeatureNames>(StringComparer.Ordinal);
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT tenant, view, entity, view_version, event_ticks, event_id, feature_names, feature_values FROM online_records";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var namesText = reader.GetString(6);
            if (!namesByText.TryGetValue(namesText, out var names))
            {
                names = new FeatureNames(JsonSerializer.Deserialize<string[]>(namesText) ?? []);
                namesByText.Add(namesText, names);
            }
            var encoded = JsonSerializer.Deserialize<string[]>(reader.GetString(7)) ?? [];
            var decoded = new object?[encoded.Length];
            for (var i = 0; i < encoded.Length; i++)
            {
                decoded[i] = FeatureValueCodec.Decode(encoded[i]);
            }
            var record = new OnlineRecord(
                EntityKey: reader.GetString(2),
                ViewVersion: reader.GetString(3),
                EventTime: new DateTimeOffset(reader.GetInt64(4), TimeSpan.Zero),
                EventId: reader.GetString(5),
                Values: FeatureValues.Own(names, decoded));
            yield return (reader.GetString(0), reader.GetString(1), record);
        }
    }
}
