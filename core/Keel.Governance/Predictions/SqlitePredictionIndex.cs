using System.Text.Json;
using Keel.Events;
using Keel.Storage;
using Microsoft.Data.Sqlite;

namespace Keel.Governance;

/// <summary>
/// The embedded prediction index: one SQLite file (<c>governance/predictions.db</c> under the data
/// directory). A batch is added in one transaction, and a prediction already indexed is skipped, so a
/// redelivered batch changes nothing.
/// </summary>
public sealed class SqlitePredictionIndex : IPredictionIndex
{
    private const string Columns = "tenant, prediction_id, model, version, variant, entity, predicted_at, features, feature_views, score, label, explanation, shadow, trace_parent";

    private readonly SqliteDatabase _database;

    public SqlitePredictionIndex(string path)
    {
        _database = new SqliteDatabase(path, PredictionIndexSchema.Statements);
    }

    public string Path => _database.Path;

    public async Task<int> AddAsync(IReadOnlyList<IndexedPrediction> predictions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        await using var connection = _database.Open();
        await using var transaction = connection.BeginTransaction(deferred: false);
        var added = 0;
        foreach (var prediction in predictions)
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = $"""
                INSERT INTO predictions ({Columns})
                VALUES ($tenant, $id, $model, $version, $variant, $entity, $at, $features, $views, $score, $label, $explanation, $shadow, $trace)
                ON CONFLICT (tenant, prediction_id) DO NOTHING;
                """;
            Bind(insert, prediction);
            added += await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return added;
    }

    public async Task<IndexedPrediction?> GetAsync(string tenant, string predictionId, CancellationToken cancellationToken)
    {
        if (!TenantName.IsValid(tenant) || string.IsNullOrEmpty(predictionId))
        {
            return null;
        }
        await using var connection = _database.Open();
        await using var select = connection.CreateCommand();
        select.CommandText = $"SELECT {Columns} FROM predictions WHERE tenant = $tenant AND prediction_id = $id;";
        select.Parameters.AddWithValue("$tenant", tenant);
        select.Parameters.AddWithValue("$id", predictionId);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<int> PruneAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var connection = _database.Open();
        await using var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM predictions WHERE predicted_at < $cutoff;";
        delete.Parameters.AddWithValue("$cutoff", cutoff.UtcTicks);
        return await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void Bind(SqliteCommand command, IndexedPrediction prediction)
    {
        command.Parameters.AddWithValue("$tenant", prediction.Tenant);
        command.Parameters.AddWithValue("$id", prediction.PredictionId);
        command.Parameters.AddWithValue("$model", prediction.Model);
        command.Parameters.AddWithValue("$version", prediction.Version);
        command.Parameters.AddWithValue("$variant", prediction.Variant);
        command.Parameters.AddWithValue("$entity", (object?)prediction.Entity ?? DBNull.Value);
        command.Parameters.AddWithValue("$at", prediction.Time.UtcTicks);
        command.Parameters.AddWithValue("$features", PredictionJson.Write(prediction.Features));
        command.Parameters.AddWithValue("$views", PredictionJson.Write(prediction.FeatureViews));
        command.Parameters.AddWithValue("$score", prediction.Score);
        command.Parameters.AddWithValue("$label", prediction.Label is { } label ? label.GetRawText() : (object)DBNull.Value);
        command.Parameters.AddWithValue("$explanation", prediction.Explanation is { } explanation ? PredictionJson.Write(explanation) : (object)DBNull.Value);
        command.Parameters.AddWithValue("$shadow", prediction.Shadow ? 1 : 0);
        command.Parameters.AddWithValue("$trace", (object?)prediction.TraceParent ?? DBNull.Value);
    }

    private static IndexedPrediction Read(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetInt32(3),
        reader.GetString(4),
        reader.IsDBNull(5) ? null : reader.GetString(5),
        new DateTimeOffset(reader.GetInt64(6), TimeSpan.Zero),
        PredictionJson.Members(PredictionJson.Parse(reader.GetString(7))),
        JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(8)) ?? [],
        reader.GetDouble(9),
        reader.IsDBNull(10) ? null : PredictionJson.Parse(reader.GetString(10)),
        reader.IsDBNull(11) ? null : PredictionJson.Explanation(PredictionJson.Parse(reader.GetString(11))),
        reader.GetInt64(12) != 0,
        reader.IsDBNull(13) ? null : reader.GetString(13));
}
