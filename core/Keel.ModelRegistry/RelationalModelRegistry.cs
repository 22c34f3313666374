using System.Data.Common;

namespace Keel.ModelRegistry;

/// <summary>
/// The registry over a relational database, shared by the SQLite and PostgreSQL stores: the
/// same SQL, the same checks and the same transactions, with what differs between the engines
/// (connections, locking, column types, error codes) left to each store.
/// </summary>
/// <remarks>
/// Every change runs in one transaction that first locks the model's row, so changes of one
/// model are serialized (in PostgreSQL other models proceed meanwhile; SQLite has one writer
/// at a time anyway); reads after the lock see every change committed before it. On top of that each version carries a revision: callers may make a
/// change conditional on the revision they read (optimistic concurrency across requests), and
/// every stage update is itself conditional on the revision read inside the transaction. The
/// database enforces the invariants as well — a partial unique index allows one Production
/// version per model and tenant, and triggers refuse changes to immutable columns and
/// histories — so they hold even for a writer that bypasses this class.
/// </remarks>
public abstract partial class RelationalModelRegistry : IModelRegistry
{
    // Deadlocks and serialization failures roll the whole transaction back, so it is safe to
    // run it again; the lock order (model row first) makes them rare.
    private const int MaxAttempts = 5;

    private readonly TimeProvider _time;

    private protected RelationalModelRegistry(TimeProvider? time)
    {
        _time = time ?? TimeProvider.System;
    }

    /// <summary>An open connection, with the schema in place.</summary>
    private protected abstract ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>A transaction for a change; SQLite takes the write lock at once, PostgreSQL reads committed data.</summary>
    private protected abstract ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Selects the model's <c>latest_version</c> and keeps its row locked until the transaction ends.</summary>
    private protected abstract string LockModelSql { get; }

    private protected abstract object TimeValue(DateTimeOffset time);

    private protected abstract DateTimeOffset ReadTime(DbDataReader reader, int ordinal);

    private protected abstract void AddJson(DbCommand command, string name, string json);

    private protected abstract bool IsUniqueViolation(DbException exception);

    private protected abstract bool IsRetryable(DbException exception);

    public async Task<RegisteredModel> CreateModelAsync(string tenant, NewRegisteredModel model, CancellationToken cancellationToken)
    {
        RegistryInput.Tenant(tenant);
        model = RegistryInput.Model(model);
        try
        {
            return await WriteAsync(async (connection, transaction) =>
            {
                var now = Now();
                await using var insert = Command(connection, transaction, Sql.InsertModel);
                AddModel(insert, tenant, model, now);
                await insert.ExecuteNonQueryAsync(cancellationToken);
                return new RegisteredModel(tenant, model.Name, model.Description, model.Owner, model.Tags, now, now, 0);
            }, cancellationToken);
        }
        catch (DbException exception) when (IsUniqueViolation(exception))
        {
            throw new RegistryConflictException($"Model '{model.Name}' already exists in tenant '{tenant}'.", inner: exception);
        }
    }

    public async Task<RegisteredModel> GetOrCreateModelAsync(string tenant, NewRegisteredModel model, CancellationToken cancellationToken)
    {
        RegistryInput.Tenant(tenant);
        model = RegistryInput.Model(model);
        return await WriteAsync(async (connection, transaction) =>
        {
            await using (var insert = Command(connection, transaction, Sql.InsertModel + " ON CONFLICT (tenant, name) DO NOTHING"))
            {
                AddModel(insert, tenant, model, Now());
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
            return await ReadModelAsync(connection, transaction, tenant, model.Name, cancellationToken)
                ?? throw new InvalidOperationException($"Model '{model.Name}' was neither created nor found in tenant '{tenant}'.");
        }, cancellationToken);
    }

    public async Task<ModelVersion> CreateVersionAsync(string tenant, string model, NewModelVersion version, string actor, CancellationToken cancellationToken)
    {
        RegistryInput.Tenant(tenant);
        RegistryInput.ModelName(model);
        version = RegistryInput.Version(version);
        actor = RegistryInput.Actor(actor);
        var lineageJson = RegistryJson.Write(version.Lineage);
        var lineageHash = RegistryJson.Hash(version.Lineage);
        try
        {
            return await WriteAsync(async (connection, transaction) =>
            {
                var latest = await LockModelAsync(connection, transaction, tenant, model, cancellationToken);
                if (version.RunId is { } runId
                    && await RegisteredByRunAsync(connection, transaction, tenant, model, runId, version.ArtifactSha256, lineageHash, cancellationToken) is { } existing)
                {
                    return existing;
                }

                var number = latest + 1;
                var now = Now();
                await using (var insert = Command(connection, transaction, Sql.InsertVersion))
                {
                    Add(insert, "@tenant", tenant);
                    Add(insert, "@model", model);
                    Add(insert, "@version", number);
                    Add(insert, "@artifact", version.ArtifactSha256);
                    Add(insert, "@run", version.RunId);
                    Add(insert, "@description", version.Description);
                    AddJson(insert, "@metrics", RegistryJson.Write(version.Metrics));
                    AddJson(insert, "@lineage", lineageJson);
                    Add(insert, "@lineage_sha256", lineageHash);
                    Add(insert, "@actor", actor);
                    Add(insert, "@now", TimeValue(now));
                    Add(insert, "@stage", nameof(ModelStage.None));
                    await insert.ExecuteNonQueryAsync(cancellationToken);
                }
                foreach (var (name, sha256) in version.Artifacts)
                {
                    await InsertArtifactAsync(connection, transaction, tenant, model, number, name, sha256, actor, now, cancellationToken);
                }
                await using (var update = Command(connection, transaction, "UPDATE registry_models SET latest_version = @version, updated_at = @now WHERE tenant = @tenant AND name = @model"))
                {
                    Add(update, "@version", number);
                    Add(update, "@now", TimeValue(now));
                    Add(update, "@tenant", tenant);
                    Add(update, "@model", model);
                    await update.ExecuteNonQueryAsync(cancellationToken);
                }
                return await ReadVersionAsync(connection, transaction, tenant, model, number, cancellationToken);
            }, cancellationToken);
        }
        catch (DbException exception) when (IsUniqueViolation(exception))
        {
            // Only a writer that does not lock the model row first can get here.
            throw new RegistryConflictException(
                $"Another version of model '{model}' was registered at the same time{(version.RunId is null ? "" : $" for run '{version.RunId}'")}; read the model again and retry.", inner: exception);
        }
    }

    public async Task<ModelVersion> AttachArtifactAsync(string tenant, string model, int version, string name, string sha256, string actor, CancellationToken cancellationToken)
    {
        RegistryInput.Tenant(tenant);
        RegistryInput.ModelName(model);
        RegistryInput.Version(version);
        name = RegistryInput.ArtifactName(name);
        sha256 = RegistryInput.Sha256(sha256, $"hash of artifact '{name}'");
        actor = RegistryInput.Actor(actor);
        return await WriteAsync(async (connection, transaction) =>
        {
            await LockModelAsync(connection, transaction, tenant, model, cancellationToken);
            var current = await ReadVersionAsync(connection, transaction, tenant, model, version, cancellationToken);
            if (current.Artifacts.TryGetValue(name, out var attached))
            {
                return attached.Sha256 == sha256
                    ? current
                    : throw new RegistryConflictException(
                        $"Version {version} of model '{model}' already has artifact '{name}' (sha256 {attached.Sha256}, attached by {attached.AttachedBy}); an attached artifact is never replaced.",
                        current.Revision);
            }

            var now = Now();
            await InsertArtifactAsync(connection, transaction, tenant, model, version, name, sha256, actor, now, cancellationToken);
            await BumpRevisionAsync(connection, transaction, tenant, model, version, current.Revision, stage: current.Stage, now, cancellationToken);
            await TouchModelAsync(connection, transaction, tenant, model, now, cancellationToken);
            return await ReadVersionAsync(connection, transaction, tenant, model, version, cancellationToken);
        }, cancellationToken);
    }

    public async Task<TransitionResult> TransitionAsync(string tenant, TransitionRequest request, CancellationToken cancellationToken)
    {
        RegistryInput.Tenant(tenant);
        ArgumentNullException.ThrowIfNull(request);
        var model = RegistryInput.ModelName(request.Model, "request.Model");
        var version = RegistryInput.Version(request.Version, "request.Version");
        var to = RegistryInput.Stage(request.ToStage, "request.ToStage");
        var actor = RegistryInput.Actor(request.Actor, "request.Actor");
        var reason = RegistryInput.Reason(request.Reason, "request.Reason");
        try
        {
            return await WriteAsync(async (connection, transaction) =>
            {
                await LockModelAsync(connection, transaction, tenant, model, cancellationToken);
                var current = await ReadVersionAsync(connection, transaction, tenant, model, version, cancellationToken);
                if (request.ExpectedRevision is { } expected && expected != current.Revision)
                {
                    throw new RegistryConflictException(
                        $"Version {version} of model '{model}' is at revision {current.Revision} (stage {current.Stage}), not the expected {expected}: it changed since it was read. Read it again and decide again.",
                        current.Revision);
                }
                if (!StageRules.IsAllowed(current.Stage, to))
                {
                    throw new InvalidStageTransitionException(model, version, current.Stage, to);
                }

                var now = Now();
                var recorded = new List<StageTransition>();
                if (to == ModelStage.Production
                    && await ProductionVersionAsync(connection, transaction, tenant, model, cancellationToken) is { } incumbent)
                {
                    if (!request.ArchiveExisting)
                    {
                        throw new RegistryConflictException(
                            $"Version {incumbent.Version} of model '{model}' is in Production; archive it first, or promote version {version} with ArchiveExisting so that it is archived in the same step.");
                    }
                    await BumpRevisionAsync(connection, transaction, tenant, model, incumbent.Version, incumbent.Revision, ModelStage.Archived, now, cancellationToken);
                    recorded.Add(await RecordTransitionAsync(connection, transaction, tenant, model, incumbent.Version, ModelStage.Production, ModelStage.Archived,
                        actor, $"Replaced in Production by version {version}: {reason}", now, cancellationToken));
                }

                await BumpRevisionAsync(connection, transaction, tenant, model, version, current.Revision, to, now, cancellationToken);
                recorded.Add(await RecordTransitionAsync(connection, transaction, tenant, model, version, current.Stage, to, actor, reason, now, cancellationToken));
                await TouchModelAsync(connection, transaction, tenant, model, now, cancellationToken);
                return new TransitionResult(await ReadVersionAsync(connection, transaction, tenant, model, version, cancellationToken), recorded);
            }, cancellationToken);
        }
        catch (DbException exception) when (IsUniqueViolation(exception))
        {
            throw new RegistryConflictException($"Another version of model '{model}' entered Production at the same time as version {version}; read the model again and retry.", inner: exception);
        }
    }

    public async Task<ModelAlias> SetAliasAsync(string tenant, string model, string alias, int version, string actor, string reason, CancellationToken cancellationToken)
    {
        RegistryInput.Tenant(tenant);
        RegistryInput.ModelName(model);
        RegistryInput.Alias(alias);
        RegistryInput.Version(version);
        actor = RegistryInput.Actor(actor);
        reason = RegistryInput.Reason(reason);
        return await WriteAsync(async (connection, transaction) =>
        {
            await LockModelAsync(connection, transaction, tenant, model, cancellationToken);
            await ReadVersionAsync(connection, transaction, tenant, model, version, cancellationToken);
            var current = await ReadAliasAsync(connection, transaction, tenant, model, alias, cancellationToken);
            if (current?.Version == version)
            {
                return current;
            }

            var now = Now();
            await using (var upsert = Command(connection, transaction, Sql.UpsertAlias))
            {
                Add(upsert, "@tenant", tenant);
                Add(upsert, "@model", model);
                Add(upsert, "@alias", alias);
                Add(upsert, "@version", version);
                Add(upsert, "@actor", actor);
                Add(upsert, "@now", TimeValue(now));
                await upsert.ExecuteNonQueryAsync(cancellationToken);
            }
            await RecordAliasChangeAsync(connection, transaction, tenant, model, alias, current?.Version, version, actor, reason, now, cancellationToken);
            await TouchModelAsync(connection, transaction, tenant, model, now, cancellationToken);
            return new ModelAlias(tenant, model, alias, version, actor, now);
        }, cancellationToken);
    }

    public async Task RemoveAliasAsync(string tenant, string model, string alias, string actor, string reason, CancellationToken cancellationToken)
    {
        RegistryInput.Tenant(tenant);
        RegistryInput.ModelName(model);
        RegistryInput.Alias(alias);
        actor = RegistryInput.Actor(actor);
        reason = RegistryInput.Reason(reason);
        await WriteAsync(async (connection, transaction) =>
        {
            await LockModelAsync(connection, transaction, tenant, model, cancellationToken);
            var current = await ReadAliasAsync(connection, transaction, tenant, model, alias, cancellationToken)
                ?? throw new RegistryNotFoundException($"Model '{model}' has no alias '{alias}' in tenant '{tenant}'.");

            var now = Now();
            await using (var delete = Command(connection, transaction, "DELETE FROM registry_aliases WHERE tenant = @tenant AND model_name = @model AND alias = @alias"))
            {
                Add(delete, "@tenant", tenant);
                Add(delete, "@model", model);
                Add(delete, "@alias", alias);
                await delete.ExecuteNonQueryAsync(cancellationToken);
            }
            await RecordAliasChangeAsync(connection, transaction, tenant, model, alias, current.Version, null, actor, reason, now, cancellationToken);
            await TouchModelAsync(connection, transaction, tenant, model, now, cancellationToken);
            return true;
        }, cancellationToken);
    }

    /// <summary>
    /// Runs a change in a transaction and commits it; a transaction the database rolled back
    /// because of a deadlock or serialization failure is run again from the start.
    /// </summary>
    private async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = await OpenAsync(cancellationToken);
                await using var transaction = await BeginWriteAsync(connection, cancellationToken);
                var result = await change(connection, transaction);
                await transaction.CommitAsync(cancellationToken);
                return result;
            }
            catch (DbException exception) when (attempt < MaxAttempts && IsRetryable(exception))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20) * attempt), cancellationToken);
            }
        }
    }

    /// <summary>
    /// Now, to the microsecond: PostgreSQL keeps no finer time, and both stores must give back
    /// exactly the time they returned when the change was made.
    /// </summary>
    private DateTimeOffset Now()
    {
        var now = _time.GetUtcNow().UtcTicks;
        return new DateTimeOffset(now - now % 10, TimeSpan.Zero);
    }

    private async Task<int> LockModelAsync(DbConnection connection, DbTransaction transaction, string tenant, string model, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, LockModelSql);
        Add(command, "@tenant", tenant);
        Add(command, "@model", model);
        var latest = await command.ExecuteScalarAsync(cancellationToken);
        return latest is null or DBNull ? throw ModelNotFound(tenant, model) : Convert.ToInt32(latest);
    }

    private async Task<ModelVersion?> RegisteredByRunAsync(
        DbConnection connection, DbTransaction transaction, string tenant, string model, string runId, string artifact, string lineageHash, CancellationToken cancellationToken)
    {
        int number;
        await using (var command = Command(connection, transaction,
            "SELECT version, artifact_sha256, lineage_sha256 FROM registry_versions WHERE tenant = @tenant AND model_name = @model AND run_id = @run"))
        {
            Add(command, "@tenant", tenant);
            Add(command, "@model", model);
            Add(command, "@run", runId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }
            number = reader.GetInt32(0);
            if (reader.GetString(1) != artifact || reader.GetString(2) != lineageHash)
            {
                throw new RegistryConflictException(
                    $"Run '{runId}' already registered version {number} of model '{model}' with another artifact or lineage; a run registers one version of a model.");
            }
        }
        return await ReadVersionAsync(connection, transaction, tenant, model, number, cancellationToken);
    }

    private async Task<(int Version, long Revision)?> ProductionVersionAsync(DbConnection connection, DbTransaction transaction, string tenant, string model, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction,
            "SELECT version, revision FROM registry_versions WHERE tenant = @tenant AND model_name = @model AND stage = @stage");
        Add(command, "@tenant", tenant);
        Add(command, "@model", model);
        Add(command, "@stage", nameof(ModelStage.Production));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetInt32(0), reader.GetInt64(1)) : null;
    }

    /// <summary>
    /// Sets a version's stage and moves its revision on, if the revision is still the one read;
    /// when it is not, someone changed the version in between and the change is refused.
    /// </summary>
    private async Task BumpRevisionAsync(
        DbConnection connection, DbTransaction transaction, string tenant, string model, int version, long revision, ModelStage stage, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction,
            """
            UPDATE registry_versions SET stage = @stage, revision = revision + 1, updated_at = @now
            WHERE tenant = @tenant AND model_name = @model AND version = @version AND revision = @revision
            """);
        Add(command, "@stage", stage.ToString());
        Add(command, "@now", TimeValue(now));
        Add(command, "@tenant", tenant);
        Add(command, "@model", model);
        Add(command, "@version", version);
        Add(command, "@revision", revision);
        if (await command.ExecuteNonQueryAsync(cancellationToken) != 1)
        {
            throw new RegistryConflictException($"Version {version} of model '{model}' was changed by another writer at the same moment (it is no longer at revision {revision}); read it again and retry.");
        }
    }

    private async Task<StageTransition> RecordTransitionAsync(
        DbConnection connection, DbTransaction transaction, string tenant, string model, int version,
        ModelStage from, ModelStage to, string actor, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction,
            """
            INSERT INTO registry_stage_transitions (tenant, model_name, version, from_stage, to_stage, actor, reason, at)
            VALUES (@tenant, @model, @version, @from, @to, @actor, @reason, @now) RETURNING sequence
            """);
        Add(command, "@tenant", tenant);
        Add(command, "@model", model);
        Add(command, "@version", version);
        Add(command, "@from", from.ToString());
        Add(command, "@to", to.ToString());
        Add(command, "@actor", actor);
        Add(command, "@reason", reason);
        Add(command, "@now", TimeValue(now));
        var sequence = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken));
        return new StageTransition(sequence, tenant, model, version, from, to, actor, reason, now);
    }

    private async Task RecordAliasChangeAsync(
        DbConnection connection, DbTransaction transaction, string tenant, string model, string alias,
        int? from, int? to, string actor, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction,
            """
            INSERT INTO registry_alias_changes (tenant, model_name, alias, from_version, to_version, actor, reason, at)
            VALUES (@tenant, @model, @alias, @from, @to, @actor, @reason, @now)
            """);
        Add(command, "@tenant", tenant);
        Add(command, "@model", model);
        Add(command, "@alias", alias);
        Add(command, "@from", from);
        Add(command, "@to", to);
        Add(command, "@actor", actor);
        Add(command, "@reason", reason);
        Add(command, "@now", TimeValue(now));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task InsertArtifactAsync(
        DbConnection connection, DbTransaction transaction, string tenant, string model, int version,
        string name, string sha256, string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction,
            """
            INSERT INTO registry_version_artifacts (tenant, model_name, version, name, sha256, attached_by, attached_at)
            VALUES (@tenant, @model, @version, @name, @sha256, @actor, @now)
            """);
        Add(command, "@tenant", tenant);
        Add(command, "@model", model);
        Add(command, "@version", version);
        Add(command, "@name", name);
        Add(command, "@sha256", sha256);
        Add(command, "@actor", actor);
        Add(command, "@now", TimeValue(now));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task TouchModelAsync(DbConnection connection, DbTransaction transaction, string tenant, string model, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, "UPDATE registry_models SET updated_at = @now WHERE tenant = @tenant AND name = @model");
        Add(command, "@now", TimeValue(now));
        Add(command, "@tenant", tenant);
        Add(command, "@model", model);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private void AddModel(DbCommand command, string tenant, NewRegisteredModel model, DateTimeOffset now)
    {
        Add(command, "@tenant", tenant);
        Add(command, "@name", model.Name);
        Add(command, "@description", model.Description);
        Add(command, "@owner", model.Owner);
        AddJson(command, "@tags", RegistryJson.Write(model.Tags));
        Add(command, "@now", TimeValue(now));
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    private static RegistryNotFoundException ModelNotFound(string tenant, string model) =>
        new($"Model '{model}' does not exist in tenant '{tenant}'.");

    private static RegistryNotFoundException VersionNotFound(string tenant, string model, int version) =>
        new($"Model '{model}' has no version {version} in tenant '{tenant}'.");
}
