using Keel.Storage;
using Microsoft.Data.Sqlite;

namespace Keel.Decay.Storage;

/// <summary>
/// The embedded store of decay tracking (<c>decay/decay.db</c> under the data directory):
/// predictions keyed by tenant and prediction id with their label once it is joined, labels that
/// wait for their prediction, the ids of the events already applied, label outcome totals and
/// alert state. A batch is applied in one transaction together with its event ids, so a
/// redelivered event changes nothing, even after a crash between the two.
/// </summary>
public sealed partial class SqliteDecayStore
{
    private readonly SqliteDatabase _database;

    public SqliteDecayStore(string path)
    {
        _database = new SqliteDatabase(path, DecaySchema.Statements);
    }

    public string Path => _database.Path;

    public Task<StoreChange> ApplyAsync(
        IReadOnlyList<ObservedPrediction> predictions,
        IReadOnlyList<ObservedLabel> labels,
        DateTimeOffset now,
        DecayOptions options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(options);
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        var batch = new Batch(connection, transaction, now, (now - options.Horizon).ToUnixTimeMilliseconds());
        foreach (var prediction in predictions)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (batch.FirstTime(prediction.Tenant, prediction.EventId))
            {
                batch.AddPrediction(prediction);
            }
        }
        foreach (var label in labels)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (batch.FirstTime(label.Tenant, label.EventId))
            {
                batch.AddLabel(label);
            }
        }
        batch.ExpireOverflow(options.MaxWaitingLabels);
        batch.SaveTallies();
        transaction.Commit();
        return Task.FromResult(new StoreChange(batch.Tallies, batch.Touched));
    }

    /// <summary>
    /// Deletes predictions older than the horizon, labels that waited longer than it (counted
    /// expired) and joined labels past it, and forgets event ids past it. Returns the expired tallies.
    /// </summary>
    public Task<IReadOnlyList<LabelTally>> PruneAsync(DateTimeOffset now, TimeSpan horizon, CancellationToken cancellationToken)
    {
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        var batch = new Batch(connection, transaction, now, (now - horizon).ToUnixTimeMilliseconds());
        batch.Prune();
        batch.SaveTallies();
        transaction.Commit();
        return Task.FromResult<IReadOnlyList<LabelTally>>(batch.Tallies);
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        return command;
    }
}
