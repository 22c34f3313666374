using Keel.Storage.Artifacts;
using Microsoft.Data.Sqlite;

namespace Keel.Tracking;

/// <summary>What a run records while it runs: params, metrics, tags and artifacts.</summary>
public sealed partial class SqliteTrackingStore
{
    public async Task LogParamsAsync(string tenant, string runId, IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken)
    {
        TrackingValidation.Tenant(tenant);
        TrackingValidation.RunId(runId);
        ArgumentNullException.ThrowIfNull(parameters);
        TrackingValidation.Strings(parameters, "param", TrackingLimits.MaxParamValueLength, nameof(parameters));

        await using var connection = _database.Open();
        await using var transaction = connection.BeginTransaction();
        var state = await RequireRunAsync(connection, transaction, tenant, runId, cancellationToken);

        var existing = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var select = connection.Command(transaction, "SELECT key, value FROM run_params WHERE tenant = $tenant AND run_id = $run")
            .With("$tenant", tenant).With("$run", runId))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                existing[reader.GetString(0)] = reader.GetString(1);
            }
        }

        var changed = parameters
            .Where(p => existing.TryGetValue(p.Key, out var old) && old != p.Value)
            .Select(p => $"'{p.Key}' is '{existing[p.Key]}', not '{p.Value}'")
            .ToList();
        if (changed.Count > 0)
        {
            throw new TrackingConflictException($"Params of run '{runId}' are immutable and were logged with other values: {string.Join("; ", changed)}. Nothing was logged.");
        }

        var added = parameters.Where(p => !existing.ContainsKey(p.Key)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        if (added.Count == 0)
        {
            return;
        }
        if (state.HasEnded)
        {
            throw new TrackingConflictException($"{state.Describe(runId)}; it takes no new params ({string.Join(", ", added.Keys)}).");
        }
        await InsertStringsAsync(connection, transaction, "run_params", tenant, runId, added, upsert: false, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task LogMetricsAsync(string tenant, string runId, IReadOnlyDictionary<string, double> metrics, long? step, CancellationToken cancellationToken)
    {
        TrackingValidation.Tenant(tenant);
        TrackingValidation.RunId(runId);
        TrackingValidation.Metrics(metrics, step, nameof(metrics));

        await using var connection = _database.Open();
        await using var transaction = connection.BeginTransaction();
        var state = await RequireRunAsync(connection, transaction, tenant, runId, cancellationToken);
        if (state.HasEnded)
        {
            throw new TrackingConflictException($"{state.Describe(runId)}; its metrics can no longer change.");
        }

        var timestamp = SqliteCommands.Ticks(_time.GetUtcNow());
        foreach (var (key, value) in metrics)
        {
            await using (var count = connection.Command(transaction, "SELECT points FROM latest_metrics WHERE tenant = $tenant AND run_id = $run AND key = $key")
                .With("$tenant", tenant).With("$run", runId).With("$key", key))
            {
                if (await count.ExecuteScalarAsync(cancellationToken) is long points && points >= TrackingLimits.MaxMetricPoints)
                {
                    throw new TrackingConflictException($"Metric '{key}' of run '{runId}' already has {points} values, the most one metric may have. Nothing was logged.");
                }
            }

            var isNan = double.IsNaN(value);
            var stored = isNan ? 0d : value;
            await using (var insert = connection.Command(transaction,
                    "INSERT INTO metric_points (tenant, run_id, key, value, is_nan, step, timestamp) VALUES ($tenant, $run, $key, $value, $nan, $step, $time)")
                .With("$tenant", tenant).With("$run", runId).With("$key", key).With("$value", stored)
                .With("$nan", isNan ? 1 : 0).With("$step", step ?? 0).With("$time", timestamp))
            {
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }

            // The latest value is the one at the highest step; of equal steps, the one logged last.
            // Every expression of an upsert's SET reads the row as it was before the update.
            await using var latest = connection.Command(transaction,
                    "INSERT INTO latest_metrics (tenant, run_id, key, value, is_nan, step, points) VALUES ($tenant, $run, $key, $value, $nan, $step, 1) " +
                    "ON CONFLICT (tenant, run_id, key) DO UPDATE SET " +
                    "value = CASE WHEN excluded.step >= step THEN excluded.value ELSE value END, " +
                    "is_nan = CASE WHEN excluded.step >= step THEN excluded.is_nan ELSE is_nan END, " +
                    "step = MAX(step, excluded.step), points = points + 1")
                .With("$tenant", tenant).With("$run", runId).With("$key", key).With("$value", stored)
                .With("$nan", isNan ? 1 : 0).With("$step", step ?? 0);
            await latest.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task SetTagsAsync(string tenant, string runId, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken)
    {
        TrackingValidation.Tenant(tenant);
        TrackingValidation.RunId(runId);
        ArgumentNullException.ThrowIfNull(tags);
        TrackingValidation.Strings(tags, "tag", TrackingLimits.MaxTagValueLength, nameof(tags));

        await using var connection = _database.Open();
        await using var transaction = connection.BeginTransaction();
        await RequireRunAsync(connection, transaction, tenant, runId, cancellationToken);
        await InsertStringsAsync(connection, transaction, "run_tags", tenant, runId, tags, upsert: true, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task LogArtifactAsync(string tenant, string runId, string name, ArtifactRef artifact, CancellationToken cancellationToken)
    {
        TrackingValidation.Tenant(tenant);
        TrackingValidation.RunId(runId);
        TrackingValidation.Artifact(name, artifact);
        artifact = artifact with { Sha256 = ArtifactAddress.Normalize(artifact.Sha256, nameof(artifact)) };

        await using var connection = _database.Open();
        await using var transaction = connection.BeginTransaction();
        var state = await RequireRunAsync(connection, transaction, tenant, runId, cancellationToken);
        await using (var select = connection.Command(transaction,
                "SELECT sha256, size, media_type FROM run_artifacts WHERE tenant = $tenant AND run_id = $run AND name = $name")
            .With("$tenant", tenant).With("$run", runId).With("$name", name))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                var existing = new ArtifactRef(reader.GetString(0), reader.GetInt64(1), reader.GetString(2));
                if (existing == artifact)
                {
                    return;
                }
                throw new TrackingConflictException(
                    $"Run '{runId}' already has artifact '{name}' = {existing.Sha256} ({existing.Size} bytes, {existing.MediaType}); an artifact name is bound once.");
            }
        }
        if (state.HasEnded)
        {
            throw new TrackingConflictException($"{state.Describe(runId)}; it takes no new artifacts ('{name}').");
        }

        await using var insert = connection.Command(transaction,
                "INSERT INTO run_artifacts (tenant, run_id, name, sha256, size, media_type) VALUES ($tenant, $run, $name, $sha, $size, $type)")
            .With("$tenant", tenant).With("$run", runId).With("$name", name)
            .With("$sha", artifact.Sha256).With("$size", artifact.Size).With("$type", artifact.MediaType);
        await insert.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task<RunState> RequireRunAsync(SqliteConnection connection, SqliteTransaction transaction, string tenant, string runId, CancellationToken cancellationToken)
    {
        await using var select = connection.Command(transaction, "SELECT experiment_id, status, end_time FROM runs WHERE tenant = $tenant AND id = $id")
            .With("$tenant", tenant).With("$id", runId);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new RunNotFoundException(tenant, runId);
        }
        return new RunState(
            reader.GetString(0),
            Enum.Parse<RunStatus>(reader.GetString(1)),
            reader.IsDBNull(2) ? null : SqliteCommands.Time(reader.GetInt64(2)));
    }

    private static async Task InsertStringsAsync(
        SqliteConnection connection,
        SqliteTransaction transaction,
        string table,
        string tenant,
        string runId,
        IReadOnlyDictionary<string, string>? items,
        bool upsert,
        CancellationToken cancellationToken)
    {
        if (items is null || items.Count == 0)
        {
            return;
        }
        var sql = $"INSERT INTO {table} (tenant, run_id, key, value) VALUES ($tenant, $run, $key, $value)" +
            (upsert ? " ON CONFLICT (tenant, run_id, key) DO UPDATE SET value = excluded.value" : "");
        await using var insert = connection.Command(transaction, sql).With("$tenant", tenant).With("$run", runId);
        var key = insert.Parameters.Add("$key", SqliteType.Text);
        var value = insert.Parameters.Add("$value", SqliteType.Text);
        foreach (var (k, v) in items)
        {
            key.Value = k;
            value.Value = v;
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
