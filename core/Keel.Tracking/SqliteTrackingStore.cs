using Keel.Storage;
using Microsoft.Data.Sqlite;

namespace Keel.Tracking;

/// <summary>
/// The tracking store of the embedded default: one SQLite file (WAL, so listings never block
/// writers). Each change runs in one immediate transaction that first checks the run's state,
/// so concurrent writers from several processes cannot interleave a check and a write.
/// </summary>
public sealed partial class SqliteTrackingStore : ITrackingStore
{
    private readonly SqliteDatabase _database;
    private readonly TimeProvider _time;

    public SqliteTrackingStore(string path, TimeProvider? time = null)
    {
        _database = new SqliteDatabase(path, TrackingSchema.Statements);
        _time = time ?? TimeProvider.System;
    }

    public SqliteTrackingStore(TrackingOptions options, TimeProvider? time = null)
        : this(options.DatabasePath, time)
    {
    }

    public string Path => _database.Path;

    public async Task<Experiment> GetOrCreateExperimentAsync(string tenant, string name, IReadOnlyDictionary<string, string>? tags, CancellationToken cancellationToken)
    {
        TrackingValidation.Tenant(tenant);
        TrackingValidation.Name(name, "experiment name", nameof(name));
        TrackingValidation.Strings(tags, "tag", TrackingLimits.MaxTagValueLength, nameof(tags));

        await using var connection = _database.Open();
        await using var transaction = connection.BeginTransaction();
        var id = await EnsureExperimentAsync(connection, transaction, tenant, name, cancellationToken);
        foreach (var (key, value) in tags ?? new Dictionary<string, string>())
        {
            await using var upsert = connection.Command(transaction,
                    "INSERT INTO experiment_tags (tenant, experiment_id, key, value) VALUES ($tenant, $id, $key, $value) " +
                    "ON CONFLICT (tenant, experiment_id, key) DO UPDATE SET value = excluded.value")
                .With("$tenant", tenant).With("$id", id).With("$key", key).With("$value", value);
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }
        var experiment = (await ExperimentsAsync(connection, transaction, tenant, id, cancellationToken)).Single();
        await transaction.CommitAsync(cancellationToken);
        return experiment;
    }

    public async Task<IReadOnlyList<Experiment>> ListExperimentsAsync(string tenant, CancellationToken cancellationToken)
    {
        TrackingValidation.Tenant(tenant);
        await using var connection = _database.Open();
        await using var transaction = connection.BeginTransaction(deferred: true);
        return await ExperimentsAsync(connection, transaction, tenant, null, cancellationToken);
    }

    public async Task<Run> StartRunAsync(
        string tenant,
        string experiment,
        string name,
        string? parentRunId,
        IReadOnlyDictionary<string, string>? parameters,
        IReadOnlyDictionary<string, string>? tags,
        string actor,
        CancellationToken cancellationToken)
    {
        TrackingValidation.Tenant(tenant);
        TrackingValidation.Name(experiment, "experiment name", nameof(experiment));
        TrackingValidation.Name(name, "run name", nameof(name));
        if (parentRunId is not null)
        {
            TrackingValidation.RunId(parentRunId, nameof(parentRunId));
        }
        TrackingValidation.Strings(parameters, "param", TrackingLimits.MaxParamValueLength, nameof(parameters));
        TrackingValidation.Strings(tags, "tag", TrackingLimits.MaxTagValueLength, nameof(tags));
        TrackingValidation.Name(actor, "actor", nameof(actor));

        await using var connection = _database.Open();
        await using var transaction = connection.BeginTransaction();
        var experimentId = await EnsureExperimentAsync(connection, transaction, tenant, experiment, cancellationToken);
        if (parentRunId is not null)
        {
            await CheckParentAsync(connection, transaction, tenant, parentRunId, experiment, experimentId, cancellationToken);
        }

        var now = _time.GetUtcNow();
        var runId = Guid.CreateVersion7(now).ToString("N");
        await using (var insert = connection.Command(transaction,
                "INSERT INTO runs (tenant, id, experiment_id, name, parent_run_id, status, start_time, created_by) " +
                "VALUES ($tenant, $id, $experiment, $name, $parent, $status, $start, $actor)")
            .With("$tenant", tenant).With("$id", runId).With("$experiment", experimentId).With("$name", name)
            .With("$parent", parentRunId).With("$status", nameof(RunStatus.Running))
            .With("$start", SqliteCommands.Ticks(now)).With("$actor", actor))
        {
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await InsertStringsAsync(connection, transaction, "run_params", tenant, runId, parameters, upsert: false, cancellationToken);
        await InsertStringsAsync(connection, transaction, "run_tags", tenant, runId, tags, upsert: true, cancellationToken);

        var run = await LoadRunAsync(connection, transaction, tenant, runId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return run;
    }

    public async Task<Run> EndRunAsync(string tenant, string runId, RunStatus status, string? error, CancellationToken cancellationToken)
    {
        TrackingValidation.Tenant(tenant);
        TrackingValidation.RunId(runId);
        if (status == RunStatus.Running || !Enum.IsDefined(status))
        {
            throw new ArgumentException($"A run ends as {RunStatus.Finished}, {RunStatus.Failed} or {RunStatus.Killed}, not {status}.", nameof(status));
        }
        if (status == RunStatus.Finished && error is not null)
        {
            throw new ArgumentException($"A finished run has no error; end run '{runId}' as {RunStatus.Failed} to record one.", nameof(error));
        }
        if (error is { Length: > TrackingLimits.MaxErrorLength })
        {
            error = error[..(TrackingLimits.MaxErrorLength - 1)] + "…";
        }

        await using var connection = _database.Open();
        await using var transaction = connection.BeginTransaction();
        var state = await RequireRunAsync(connection, transaction, tenant, runId, cancellationToken);
        if (state.HasEnded)
        {
            throw new TrackingConflictException($"Run '{runId}' already ended as {state.Status} at {state.EndTime:O}; a run ends once.");
        }
        await using (var update = connection.Command(transaction,
                "UPDATE runs SET status = $status, end_time = $end, error = $error WHERE tenant = $tenant AND id = $id")
            .With("$status", status.ToString()).With("$end", SqliteCommands.Ticks(_time.GetUtcNow()))
            .With("$error", error).With("$tenant", tenant).With("$id", runId))
        {
            await update.ExecuteNonQueryAsync(cancellationToken);
        }
        var run = await LoadRunAsync(connection, transaction, tenant, runId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return run;
    }

    public async Task<Run> GetRunAsync(string tenant, string runId, CancellationToken cancellationToken)
    {
        TrackingValidation.Tenant(tenant);
        TrackingValidation.RunId(runId);
        await using var connection = _database.Open();
        await using var transaction = connection.BeginTransaction(deferred: true);
        return await LoadRunAsync(connection, transaction, tenant, runId, cancellationToken);
    }

    public async Task<IReadOnlyList<Run>> ListRunsAsync(string tenant, RunQuery query, CancellationToken cancellationToken)
    {
        TrackingValidation.Tenant(tenant);
        TrackingValidation.Query(query);

        await using var connection = _database.Open();
        await using var transaction = connection.BeginTransaction(deferred: true);
        string? experimentId = null;
        if (query.Experiment is not null)
        {
            experimentId = await FindExperimentAsync(connection, transaction, tenant, query.Experiment, cancellationToken)
                ?? throw new ExperimentNotFoundException(tenant, query.Experiment);
        }
        if (query.ParentRunId is not null)
        {
            await RequireRunAsync(connection, transaction, tenant, query.ParentRunId, cancellationToken);
        }

        await using var select = RunQuerySql.Build(connection, transaction, tenant, experimentId, query);
        return await RunLoader.LoadAsync(select, tenant, cancellationToken);
    }

    public async Task<IReadOnlyList<Run>> ChildrenAsync(string tenant, string parentRunId, CancellationToken cancellationToken)
    {
        TrackingValidation.Tenant(tenant);
        TrackingValidation.RunId(parentRunId, nameof(parentRunId));
        await using var connection = _database.Open();
        await using var transaction = connection.BeginTransaction(deferred: true);
        await RequireRunAsync(connection, transaction, tenant, parentRunId, cancellationToken);
        await using var select = connection.Command(transaction,
                $"SELECT {RunLoader.Columns} FROM runs r WHERE r.tenant = $tenant AND r.parent_run_id = $parent ORDER BY r.start_time, r.id")
            .With("$tenant", tenant).With("$parent", parentRunId);
        return await RunLoader.LoadAsync(select, tenant, cancellationToken);
    }

    public async Task<IReadOnlyList<MetricPoint>> MetricHistoryAsync(string tenant, string runId, string key, CancellationToken cancellationToken)
    {
        TrackingValidation.Tenant(tenant);
        TrackingValidation.RunId(runId);
        TrackingValidation.Name(key, "metric name", nameof(key));
        await using var connection = _database.Open();
        await using var transaction = connection.BeginTransaction(deferred: true);
        await RequireRunAsync(connection, transaction, tenant, runId, cancellationToken);
        await using var select = connection.Command(transaction,
                "SELECT value, is_nan, step, timestamp FROM metric_points WHERE tenant = $tenant AND run_id = $run AND key = $key ORDER BY step, seq")
            .With("$tenant", tenant).With("$run", runId).With("$key", key);
        var points = new List<MetricPoint>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var value = reader.GetInt64(1) != 0 ? double.NaN : reader.GetDouble(0);
            points.Add(new MetricPoint(key, value, reader.GetInt64(2), SqliteCommands.Time(reader.GetInt64(3))));
        }
        return points;
    }

    private static async Task<Run> LoadRunAsync(SqliteConnection connection, SqliteTransaction transaction, string tenant, string runId, CancellationToken cancellationToken)
    {
        await using var select = connection.Command(transaction, $"SELECT {RunLoader.Columns} FROM runs r WHERE r.tenant = $tenant AND r.id = $id")
            .With("$tenant", tenant).With("$id", runId);
        var runs = await RunLoader.LoadAsync(select, tenant, cancellationToken);
        return runs.Count == 1 ? runs[0] : throw new RunNotFoundException(tenant, runId);
    }

    private async Task CheckParentAsync(
        SqliteConnection connection,
        SqliteTransaction transaction,
        string tenant,
        string parentRunId,
        string experiment,
        string experimentId,
        CancellationToken cancellationToken)
    {
        var parent = await RequireRunAsync(connection, transaction, tenant, parentRunId, cancellationToken);
        if (parent.ExperimentId != experimentId)
        {
            throw new ArgumentException(
                $"The parent run '{parentRunId}' is not in experiment '{experiment}'; a child run is started in its parent's experiment.",
                nameof(experiment));
        }
        if (parent.HasEnded)
        {
            throw new TrackingConflictException($"The parent run '{parentRunId}' already ended as {parent.Status}; child runs are started while their parent runs.");
        }
        await using var count = connection.Command(transaction, "SELECT COUNT(*) FROM runs WHERE tenant = $tenant AND parent_run_id = $parent")
            .With("$tenant", tenant).With("$parent", parentRunId);
        if ((long)(await count.ExecuteScalarAsync(cancellationToken))! >= TrackingLimits.MaxChildRuns)
        {
            throw new TrackingConflictException($"Run '{parentRunId}' already has {TrackingLimits.MaxChildRuns} child runs, the most a run may have.");
        }
    }

    private async Task<string> EnsureExperimentAsync(SqliteConnection connection, SqliteTransaction transaction, string tenant, string name, CancellationToken cancellationToken)
    {
        var existing = await FindExperimentAsync(connection, transaction, tenant, name, cancellationToken);
        if (existing is not null)
        {
            return existing;
        }

        await using (var count = connection.Command(transaction, "SELECT COUNT(*) FROM experiments WHERE tenant = $tenant").With("$tenant", tenant))
        {
            if ((long)(await count.ExecuteScalarAsync(cancellationToken))! >= TrackingLimits.MaxExperimentsPerTenant)
            {
                throw new TrackingConflictException($"Tenant '{tenant}' already has {TrackingLimits.MaxExperimentsPerTenant} experiments, the most a tenant may have; experiment '{name}' was not created.");
            }
        }

        var now = _time.GetUtcNow();
        var id = Guid.CreateVersion7(now).ToString("N");
        await using var insert = connection.Command(transaction,
                "INSERT INTO experiments (tenant, id, name, created_at) VALUES ($tenant, $id, $name, $created)")
            .With("$tenant", tenant).With("$id", id).With("$name", name).With("$created", SqliteCommands.Ticks(now));
        await insert.ExecuteNonQueryAsync(cancellationToken);
        return id;
    }

    private static async Task<string?> FindExperimentAsync(SqliteConnection connection, SqliteTransaction transaction, string tenant, string name, CancellationToken cancellationToken)
    {
        await using var select = connection.Command(transaction, "SELECT id FROM experiments WHERE tenant = $tenant AND name = $name")
            .With("$tenant", tenant).With("$name", name);
        return (string?)await select.ExecuteScalarAsync(cancellationToken);
    }

    private static async Task<IReadOnlyList<Experiment>> ExperimentsAsync(SqliteConnection connection, SqliteTransaction transaction, string tenant, string? id, CancellationToken cancellationToken)
    {
        var tags = new Dictionary<string, SortedDictionary<string, string>>(StringComparer.Ordinal);
        await using (var selectTags = connection.Command(transaction,
                "SELECT experiment_id, key, value FROM experiment_tags WHERE tenant = $tenant AND ($id IS NULL OR experiment_id = $id)")
            .With("$tenant", tenant).With("$id", id))
        await using (var reader = await selectTags.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var experimentId = reader.GetString(0);
                if (!tags.TryGetValue(experimentId, out var items))
                {
                    items = new SortedDictionary<string, string>(StringComparer.Ordinal);
                    tags[experimentId] = items;
                }
                items[reader.GetString(1)] = reader.GetString(2);
            }
        }

        var experiments = new List<Experiment>();
        await using var select = connection.Command(transaction,
                "SELECT id, name, created_at FROM experiments WHERE tenant = $tenant AND ($id IS NULL OR id = $id) ORDER BY name")
            .With("$tenant", tenant).With("$id", id);
        await using var rows = await select.ExecuteReaderAsync(cancellationToken);
        while (await rows.ReadAsync(cancellationToken))
        {
            var experimentId = rows.GetString(0);
            experiments.Add(new Experiment(
                experimentId,
                tenant,
                rows.GetString(1),
                SqliteCommands.Time(rows.GetInt64(2)),
                tags.TryGetValue(experimentId, out var items) ? items : new SortedDictionary<string, string>(StringComparer.Ordinal)));
        }
        return experiments;
    }
}
