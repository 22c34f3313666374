namespace Keel.Decay.Storage;

public sealed partial class SqliteDecayStore
{
    /// <summary>The newest version of the model with labelled predictions, or null when it has none.</summary>
    public Task<int?> LatestLabelledVersionAsync(string tenant, string model, CancellationToken cancellationToken)
    {
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        using var command = Command(connection, transaction,
            "SELECT MAX(version) FROM predictions WHERE tenant = $t AND model = $m AND label_seq IS NOT NULL",
            ("$t", tenant), ("$m", model));
        return Task.FromResult(command.ExecuteScalar() is long version ? (int?)version : null);
    }

    /// <summary>How many labelled predictions the version has, none predicted before <paramref name="since"/>.</summary>
    public Task<long> LabelledCountAsync(VersionKey key, DateTimeOffset? since, CancellationToken cancellationToken)
    {
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        using var command = Command(connection, transaction,
            "SELECT COUNT(*) FROM predictions WHERE tenant = $t AND model = $m AND version = $v AND label_seq IS NOT NULL AND predicted_at >= $since",
            ("$t", key.Tenant), ("$m", key.Model), ("$v", key.Version), ("$since", since?.ToUnixTimeMilliseconds() ?? long.MinValue));
        return Task.FromResult((long)command.ExecuteScalar()!);
    }
}
