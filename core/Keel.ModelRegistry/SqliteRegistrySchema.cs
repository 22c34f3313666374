namespace Keel.ModelRegistry;

/// <summary>
/// The registry's tables in SQLite. The partial unique index allows one Production version per
/// model and tenant; the triggers keep versions immutable but for their stage, and histories
/// append-only, whoever writes to the file.
/// </summary>
internal static class SqliteRegistrySchema
{
    public static readonly string[] Statements =
    [
        """
        CREATE TABLE IF NOT EXISTS registry_models (
            tenant TEXT NOT NULL,
            name TEXT NOT NULL,
            description TEXT,
            owner TEXT NOT NULL,
            tags TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            latest_version INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (tenant, name)
        );
        """,
        """
        CREATE TABLE IF NOT EXISTS registry_versions (
            tenant TEXT NOT NULL,
            model_name TEXT NOT NULL,
            version INTEGER NOT NULL,
            artifact_sha256 TEXT NOT NULL,
            run_id TEXT,
            description TEXT,
            metrics TEXT NOT NULL,
            lineage TEXT NOT NULL,
            lineage_sha256 TEXT NOT NULL,
            created_by TEXT NOT NULL,
            created_at TEXT NOT NULL,
            stage TEXT NOT NULL CHECK (stage IN ('None', 'Staging', 'Production', 'Archived')),
            revision INTEGER NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (tenant, model_name, version),
            FOREIGN KEY (tenant, model_name) REFERENCES registry_models (tenant, name)
        );
        """,
        "CREATE UNIQUE INDEX IF NOT EXISTS registry_versions_one_production ON registry_versions (tenant, model_name) WHERE stage = 'Production';",
        "CREATE UNIQUE INDEX IF NOT EXISTS registry_versions_one_per_run ON registry_versions (tenant, model_name, run_id) WHERE run_id IS NOT NULL;",
        """
        CREATE TABLE IF NOT EXISTS registry_version_artifacts (
            tenant TEXT NOT NULL,
            model_name TEXT NOT NULL,
            version INTEGER NOT NULL,
            name TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            attached_by TEXT NOT NULL,
            attached_at TEXT NOT NULL,
            PRIMARY KEY (tenant, model_name, version, name),
            FOREIGN KEY (tenant, model_name, version) REFERENCES registry_versions (tenant, model_name, version)
        );
        """,
        """
        CREATE TABLE IF NOT EXISTS registry_stage_transitions (
            sequence INTEGER PRIMARY KEY AUTOINCREMENT,
            tenant TEXT NOT NULL,
            model_name TEXT NOT NULL,
            version INTEGER NOT NULL,
            from_stage TEXT NOT NULL,
            to_stage TEXT NOT NULL,
            actor TEXT NOT NULL,
            reason TEXT NOT NULL,
            at TEXT NOT NULL,
            FOREIGN KEY (tenant, model_name, version) REFERENCES registry_versions (tenant, model_name, version)
        );
        """,
        "CREATE INDEX IF NOT EXISTS registry_stage_transitions_by_model ON registry_stage_transitions (tenant, model_name, sequence);",
        """
        CREATE TABLE IF NOT EXISTS registry_aliases (
            tenant TEXT NOT NULL,
            model_name TEXT NOT NULL,
            alias TEXT NOT NULL,
            version INTEGER NOT NULL,
            set_by TEXT NOT NULL,
            set_at TEXT NOT NULL,
            PRIMARY KEY (tenant, model_name, alias),
            FOREIGN KEY (tenant, model_name, version) REFERENCES registry_versions (tenant, model_name, version)
        );
        """,
        """
        CREATE TABLE IF NOT EXISTS registry_alias_changes (
            sequence INTEGER PRIMARY KEY AUTOINCREMENT,
            tenant TEXT NOT NULL,
            model_name TEXT NOT NULL,
            alias TEXT NOT NULL,
            from_version INTEGER,
            to_version INTEGER,
            actor TEXT NOT NULL,
            reason TEXT NOT NULL,
            at TEXT NOT NULL,
            FOREIGN KEY (tenant, model_name) REFERENCES registry_models (tenant, name)
        );
        """,
        "CREATE INDEX IF NOT EXISTS registry_alias_changes_by_model ON registry_alias_changes (tenant, model_name, sequence);",
        """
        CREATE TRIGGER IF NOT EXISTS registry_versions_immutable BEFORE UPDATE ON registry_versions
        WHEN NEW.tenant IS NOT OLD.tenant OR NEW.model_name IS NOT OLD.model_name OR NEW.version IS NOT OLD.version
          OR NEW.artifact_sha256 IS NOT OLD.artifact_sha256 OR NEW.run_id IS NOT OLD.run_id OR NEW.description IS NOT OLD.description
          OR NEW.metrics IS NOT OLD.metrics OR NEW.lineage IS NOT OLD.lineage OR NEW.lineage_sha256 IS NOT OLD.lineage_sha256
          OR NEW.created_by IS NOT OLD.created_by OR NEW.created_at IS NOT OLD.created_at
        BEGIN
            SELECT RAISE(ABORT, 'A model version is immutable: only its stage, revision and update time change.');
        END;
        """,
        """
        CREATE TRIGGER IF NOT EXISTS registry_versions_kept BEFORE DELETE ON registry_versions
        BEGIN
            SELECT RAISE(ABORT, 'Model versions are never deleted; archive them instead.');
        END;
        """,
        .. AppendOnly("registry_version_artifacts", "Attached artifacts are never replaced or removed."),
        .. AppendOnly("registry_stage_transitions", "Stage transitions are history: they are never changed or removed."),
        .. AppendOnly("registry_alias_changes", "Alias changes are history: they are never changed or removed."),
    ];

    private static string[] AppendOnly(string table, string message) =>
    [
        $"CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table} BEGIN SELECT RAISE(ABORT, '{message}'); END;",
        $"CREATE TRIGGER IF NOT EXISTS {table}_no_delete BEFORE DELETE ON {table} BEGIN SELECT RAISE(ABORT, '{message}'); END;",
    ];
}
