namespace Keel.ModelRegistry;

/// <summary>
/// The statements both stores share. Parameters are named <c>@name</c>, which SQLite and
/// Npgsql both bind, so one text serves both engines.
/// </summary>
internal static class Sql
{
    public const string InsertModel =
        """
        INSERT INTO registry_models (tenant, name, description, owner, tags, created_at, updated_at, latest_version)
        VALUES (@tenant, @name, @description, @owner, @tags, @now, @now, 0)
        """;

    public const string SelectModels =
        "SELECT tenant, name, description, owner, tags, created_at, updated_at, latest_version FROM registry_models";

    public const string InsertVersion =
        """
        INSERT INTO registry_versions (tenant, model_name, version, artifact_sha256, run_id, description, metrics, lineage, lineage_sha256,
                                       created_by, created_at, stage, revision, updated_at)
        VALUES (@tenant, @model, @version, @artifact, @run, @description, @metrics, @lineage, @lineage_sha256,
                @actor, @now, @stage, 1, @now)
        """;

    public const string SelectVersions =
        """
        SELECT v.tenant, v.model_name, v.version, v.artifact_sha256, v.run_id, v.description, v.metrics, v.lineage,
               v.created_by, v.created_at, v.stage, v.revision, v.updated_at,
               a.name, a.sha256, a.attached_by, a.attached_at
        FROM registry_versions v
        LEFT JOIN registry_version_artifacts a ON a.tenant = v.tenant AND a.model_name = v.model_name AND a.version = v.version
        """;

    public const string OrderVersions = " ORDER BY v.version, a.name";

    public const string SelectAliases =
        "SELECT alias, version, set_by, set_at FROM registry_aliases WHERE tenant = @tenant AND model_name = @model";

    public const string UpsertAlias =
        """
        INSERT INTO registry_aliases (tenant, model_name, alias, version, set_by, set_at)
        VALUES (@tenant, @model, @alias, @version, @actor, @now)
        ON CONFLICT (tenant, model_name, alias) DO UPDATE SET version = excluded.version, set_by = excluded.set_by, set_at = excluded.set_at
        """;
}
