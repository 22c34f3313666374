namespace Keel.Decay.Storage;

public sealed partial class SqliteDecayStore
{
    /// <summary>A version's latest labelled predictions, newest label first: at most <paramref name="size"/>, none predicted before <paramref name="since"/>.</summary>
    public Task<IReadOnlyList<LabelledPrediction>> WindowAsync(VersionKey key, int size, DateTimeOffset? since, CancellationToken cancellationToken)
    {
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        using var command = Command(connection, transaction,
            """
            SELECT score, label, predicted_at, label_seq FROM predictions
            WHERE tenant = $t AND model = $m AND version = $v AND label_seq IS NOT NULL AND predicted_at >= $since
            ORDER BY label_seq DESC LIMIT $n
            """,
            ("$t", key.Tenant), ("$m", key.Model), ("$v", key.Version), ("$since", since?.ToUnixTimeMilliseconds() ?? long.MinValue), ("$n", size));
        using var reader = command.ExecuteReader();
        var window = new List<LabelledPrediction>();
        while (reader.Read())
        {
            window.Add(new LabelledPrediction(reader.GetDouble(0), reader.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)), reader.GetInt64(3)));
        }
        return Task.FromResult<IReadOnlyList<LabelledPrediction>>(window);
    }

    /// <summary>How many labels of a tenant met each outcome, since the store was created.</summary>
    public Task<IReadOnlyDictionary<LabelOutcome, long>> LabelOutcomesAsync(string tenant, CancellationToken cancellationToken)
    {
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        using var command = Command(connection, transaction, "SELECT outcome, count FROM label_outcomes WHERE tenant = $t", ("$t", tenant));
        using var reader = command.ExecuteReader();
        var counts = Enum.GetValues<LabelOutcome>().ToDictionary(o => o, _ => 0L);
        while (reader.Read())
        {
            var outcome = Enum.GetValues<LabelOutcome>().Single(o => o.Name() == reader.GetString(0));
            counts[outcome] = reader.GetInt64(1);
        }
        return Task.FromResult<IReadOnlyDictionary<LabelOutcome, long>>(counts);
    }

    public Task<AlertState?> AlertAsync(VersionKey key, CancellationToken cancellationToken)
    {
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        using var command = Command(connection, transaction,
            "SELECT active, alerted_at FROM alerts WHERE tenant = $t AND model = $m AND version = $v",
            ("$t", key.Tenant), ("$m", key.Model), ("$v", key.Version));
        using var reader = command.ExecuteReader();
        AlertState? state = reader.Read()
            ? new AlertState(reader.GetInt64(0) == 1, DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)))
            : null;
        return Task.FromResult(state);
    }

    public Task SaveAlertAsync(VersionKey key, AlertState state, CancellationToken cancellationToken)
    {
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        using var command = Command(connection, transaction,
            """
            INSERT INTO alerts (tenant, model, version, active, alerted_at) VALUES ($t, $m, $v, $a, $at)
            ON CONFLICT (tenant, model, version) DO UPDATE SET active = excluded.active, alerted_at = excluded.alerted_at
            """,
            ("$t", key.Tenant), ("$m", key.Model), ("$v", key.Version), ("$a", state.Active ? 1 : 0), ("$at", state.AlertedAt.ToUnixTimeMilliseconds()));
        command.ExecuteNonQuery();
        transaction.Commit();
        return Task.CompletedTask;
    }
}
