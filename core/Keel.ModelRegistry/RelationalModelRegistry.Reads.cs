using System.Data.Common;

namespace Keel.ModelRegistry;

public abstract partial class RelationalModelRegistry
{
    public async Task<RegisteredModel?> GetModelAsync(string tenant, string name, CancellationToken cancellationToken)
    {
        RegistryInput.Tenant(tenant);
        RegistryInput.ModelName(name, nameof(name));
        await using var connection = await OpenAsync(cancellationToken);
        return await ReadModelAsync(connection, null, tenant, name, cancellationToken);
    }

    public async Task<IReadOnlyList<RegisteredModel>> ListModelsAsync(string tenant, CancellationToken cancellationToken)
    {
        RegistryInput.Tenant(tenant);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, Sql.SelectModels + " WHERE tenant = @tenant");
        Add(command, "@tenant", tenant);
        // Sorted here rather than in SQL, where the order would follow each database's collation.
        return [.. (await ReadModelsAsync(command, cancellationToken)).OrderBy(m => m.Name, StringComparer.Ordinal)];
    }

    public async Task<IReadOnlyList<string>> TenantsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT DISTINCT tenant FROM registry_models");
        var tenants = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            tenants.Add(reader.GetString(0));
        }
        return [.. tenants.Order(StringComparer.Ordinal)];
    }

    public async Task<ModelVersion?> GetVersionAsync(string tenant, string model, int version, CancellationToken cancellationToken)
    {
        RegistryInput.Tenant(tenant);
        RegistryInput.ModelName(model);
        RegistryInput.Version(version);
        await using var connection = await OpenAsync(cancellationToken);
        return await FindVersionAsync(connection, null, tenant, model, version, cancellationToken);
    }

    public async Task<IReadOnlyList<ModelVersion>> ListVersionsAsync(string tenant, string model, ModelStage? stage, CancellationToken cancellationToken)
    {
        RegistryInput.Tenant(tenant);
        RegistryInput.ModelName(model);
        if (stage is { } filter)
        {
            RegistryInput.Stage(filter, nameof(stage));
        }
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null,
            Sql.SelectVersions + " WHERE v.tenant = @tenant AND v.model_name = @model" + (stage is null ? "" : " AND v.stage = @stage") + Sql.OrderVersions);
        Add(command, "@tenant", tenant);
        Add(command, "@model", model);
        if (stage is not null)
        {
            Add(command, "@stage", stage.ToString());
        }
        return await ReadVersionsAsync(command, cancellationToken);
    }

    public async Task<ModelVersion?> GetByAliasAsync(string tenant, string model, string alias, CancellationToken cancellationToken)
    {
        RegistryInput.Tenant(tenant);
        RegistryInput.ModelName(model);
        RegistryInput.Alias(alias);
        await using var connection = await OpenAsync(cancellationToken);
        // One statement, so the alias and the version it names are read from the same snapshot.
        await using var command = Command(connection, null,
            Sql.SelectVersions + """
             WHERE v.tenant = @tenant AND v.model_name = @model AND v.version =
                (SELECT al.version FROM registry_aliases al WHERE al.tenant = @tenant AND al.model_name = @model AND al.alias = @alias)
            """ + Sql.OrderVersions);
        Add(command, "@tenant", tenant);
        Add(command, "@model", model);
        Add(command, "@alias", alias);
        return (await ReadVersionsAsync(command, cancellationToken)).SingleOrDefault();
    }

    public async Task<IReadOnlyList<ModelAlias>> ListAliasesAsync(string tenant, string model, CancellationToken cancellationToken)
    {
        RegistryInput.Tenant(tenant);
        RegistryInput.ModelName(model);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, Sql.SelectAliases);
        Add(command, "@tenant", tenant);
        Add(command, "@model", model);
        var aliases = new List<ModelAlias>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            aliases.Add(ReadAlias(reader, tenant, model));
        }
        return [.. aliases.OrderBy(a => a.Alias, StringComparer.Ordinal)];
    }

    public async Task<IReadOnlyList<StageTransition>> TransitionsAsync(string tenant, string model, int? version, CancellationToken cancellationToken)
    {
        RegistryInput.Tenant(tenant);
        RegistryInput.ModelName(model);
        if (version is { } number)
        {
            RegistryInput.Version(number);
        }
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null,
            "SELECT sequence, version, from_stage, to_stage, actor, reason, at FROM registry_stage_transitions WHERE tenant = @tenant AND model_name = @model"
            + (version is null ? "" : " AND version = @version") + " ORDER BY sequence");
        Add(command, "@tenant", tenant);
        Add(command, "@model", model);
        if (version is not null)
        {
            Add(command, "@version", version);
        }
        var transitions = new List<StageTransition>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            transitions.Add(new StageTransition(
                reader.GetInt64(0), tenant, model, reader.GetInt32(1),
                Enum.Parse<ModelStage>(reader.GetString(2)), Enum.Parse<ModelStage>(reader.GetString(3)),
                reader.GetString(4), reader.GetString(5), ReadTime(reader, 6)));
        }
        return transitions;
    }

    public async Task<IReadOnlyList<AliasChange>> AliasHistoryAsync(string tenant, string model, string? alias, CancellationToken cancellationToken)
    {
        RegistryInput.Tenant(tenant);
        RegistryInput.ModelName(model);
        if (alias is not null)
        {
            RegistryInput.Alias(alias);
        }
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null,
            "SELECT sequence, alias, from_version, to_version, actor, reason, at FROM registry_alias_changes WHERE tenant = @tenant AND model_name = @model"
            + (alias is null ? "" : " AND alias = @alias") + " ORDER BY sequence");
        Add(command, "@tenant", tenant);
        Add(command, "@model", model);
        if (alias is not null)
        {
            Add(command, "@alias", alias);
        }
        var changes = new List<AliasChange>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            changes.Add(new AliasChange(
                reader.GetInt64(0), tenant, model, reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetInt32(3),
                reader.GetString(4), reader.GetString(5), ReadTime(reader, 6)));
        }
        return changes;
    }

    private async Task<RegisteredModel?> ReadModelAsync(DbConnection connection, DbTransaction? transaction, string tenant, string name, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, Sql.SelectModels + " WHERE tenant = @tenant AND name = @name");
        Add(command, "@tenant", tenant);
        Add(command, "@name", name);
        return (await ReadModelsAsync(command, cancellationToken)).SingleOrDefault();
    }

    private async Task<IReadOnlyList<RegisteredModel>> ReadModelsAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var models = new List<RegisteredModel>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            models.Add(new RegisteredModel(
                reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3),
                RegistryJson.Read<Dictionary<string, string>>(reader.GetString(4), "tags"),
                ReadTime(reader, 5), ReadTime(reader, 6), reader.GetInt32(7)));
        }
        return models;
    }

    private async Task<ModelVersion> ReadVersionAsync(DbConnection connection, DbTransaction? transaction, string tenant, string model, int version, CancellationToken cancellationToken) =>
        await FindVersionAsync(connection, transaction, tenant, model, version, cancellationToken) ?? throw VersionNotFound(tenant, model, version);

    private async Task<ModelVersion?> FindVersionAsync(DbConnection connection, DbTransaction? transaction, string tenant, string model, int version, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction,
            Sql.SelectVersions + " WHERE v.tenant = @tenant AND v.model_name = @model AND v.version = @version" + Sql.OrderVersions);
        Add(command, "@tenant", tenant);
        Add(command, "@model", model);
        Add(command, "@version", version);
        return (await ReadVersionsAsync(command, cancellationToken)).SingleOrDefault();
    }

    /// <summary>Reads versions joined with their artifacts: one row per artifact, ordered by version.</summary>
    private async Task<IReadOnlyList<ModelVersion>> ReadVersionsAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var versions = new List<ModelVersion>();
        Dictionary<string, VersionArtifact>? artifacts = null;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var number = reader.GetInt32(2);
            if (versions.Count == 0 || versions[^1].Version != number)
            {
                artifacts = new Dictionary<string, VersionArtifact>(StringComparer.Ordinal);
                versions.Add(new ModelVersion(
                    Tenant: reader.GetString(0),
                    ModelName: reader.GetString(1),
                    Version: number,
                    ArtifactSha256: reader.GetString(3),
                    Artifacts: artifacts,
                    RunId: reader.IsDBNull(4) ? null : reader.GetString(4),
                    Description: reader.IsDBNull(5) ? null : reader.GetString(5),
                    Metrics: RegistryJson.Read<Dictionary<string, double>>(reader.GetString(6), "metrics"),
                    Lineage: RegistryJson.Read<Lineage>(reader.GetString(7), "lineage"),
                    CreatedBy: reader.GetString(8),
                    CreatedAt: ReadTime(reader, 9),
                    Stage: Enum.Parse<ModelStage>(reader.GetString(10)),
                    Revision: reader.GetInt64(11),
                    UpdatedAt: ReadTime(reader, 12)));
            }
            if (!reader.IsDBNull(13))
            {
                var name = reader.GetString(13);
                artifacts![name] = new VersionArtifact(name, reader.GetString(14), reader.GetString(15), ReadTime(reader, 16));
            }
        }
        return versions;
    }

    private async Task<ModelAlias?> ReadAliasAsync(DbConnection connection, DbTransaction transaction, string tenant, string model, string alias, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, Sql.SelectAliases + " AND alias = @alias");
        Add(command, "@tenant", tenant);
        Add(command, "@model", model);
        Add(command, "@alias", alias);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadAlias(reader, tenant, model) : null;
    }

    private ModelAlias ReadAlias(DbDataReader reader, string tenant, string model) =>
        new(tenant, model, reader.GetString(0), reader.GetInt32(1), reader.GetString(2), ReadTime(reader, 3));
}
