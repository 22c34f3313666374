namespace Keel.ModelRegistry;

/// <summary>
/// The registry's tables in PostgreSQL, the same as in SQLite with PostgreSQL's types
/// (timestamptz, jsonb, identity columns). The partial unique index allows one Production
/// version per model and tenant; the triggers keep versions immutable but for their stage, and
/// histories append-only, whoever writes to the database.
/// </summary>
internal static class PostgresRegistrySchema
{
    public static readonly string[] Statements =
    [
        """
        CREATE TABLE IF NOT EXISTS registry_models (
            tenant text NOT NULL,
            name text NOT NULL,
            description text,
            owner text NOT NULL,
            tags jsonb NOT NULL,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL,
            latest_version integer NOT NULL DEFAULT 0,
            PRIMARY KEY (tenant, name)
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS registry_versions (
            tenant text NOT NULL,
            model_name text NOT NULL,
            version integer NOT NULL,
            artifact_sha256 text NOT NULL,
            run_id text,
            description text,
            metrics jsonb NOT NULL,
            lineage jsonb NOT NULL,
            lineage_sha256 text NOT NULL,
            created_by text NOT NULL,
            created_at timestamptz NOT NULL,
            stage text NOT NULL CHECK (stage IN ('None', 'Staging', 'Production', 'Archived')),
            revision bigint NOT NULL,
            updated_at timestamptz NOT NULL,
            PRIMARY KEY (tenant, model_name, version),
            FOREIGN KEY (tenant, model_name) REFERENCES registry_models (tenant, name)
        )
        """,
        "CREATE UNIQUE INDEX IF NOT EXISTS registry_versions_one_production ON registry_versions (tenant, model_name) WHERE stage = 'Production'",
        "CREATE UNIQUE INDEX IF NOT EXISTS registry_versions_one_per_run ON registry_versions (tenant, model_name, run_id) WHERE run_id IS NOT NULL",
        """
        CREATE TABLE IF NOT EXISTS registry_version_artifacts (
            tenant text NOT NULL,
            model_name text NOT NULL,
            version integer NOT NULL,
            name text NOT NULL,
            sha256 text NOT NULL,
            attached_by text NOT NULL,
            attached_at timestamptz NOT NULL,
            PRIMARY KEY (tenant, model_name, version, name),
            FOREIGN KEY (tenant, model_name, version) REFERENCES registry_versions (tenant, model_name, version)
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS registry_stage_transitions (
            sequence bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            tenant text NOT NULL,
            model_name text NOT NULL,
            version integer NOT NULL,
            from_stage text NOT NULL,
            to_stage text NOT NULL,
            actor text NOT NULL,
            reason text NOT NULL,
            at timestamptz NOT NULL,
            FOREIGN KEY (tenant, model_name, version) REFERENCES registry_versions (tenant, model_name, version)
        )
        """,
        "CREATE INDEX IF NOT EXISTS registry_stage_transitions_by_model ON registry_stage_transitions (tenant, model_name, sequence)",
        """
        CREATE TABLE IF NOT EXISTS registry_aliases (
            tenant text NOT NULL,
            model_name text NOT NULL,
            alias text NOT NULL,
            version integer NOT NULL,
            set_by text NOT NULL,
            set_at timestamptz NOT NULL,
            PRIMARY KEY (tenant, model_name, alias),
            FOREIGN KEY (tenant, model_name, version) REFERENCES registry_versions (tenant, model_name, version)
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS registry_alias_changes (
            sequence bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            tenant text NOT NULL,
            model_name text NOT NULL,
            alias text NOT NULL,
            from_version integer,
            to_version integer,
            actor text NOT NULL,
            reason text NOT NULL,
            at timestamptz NOT NULL,
            FOREIGN KEY (tenant, model_name) REFERENCES registry_models (tenant, name)
        )
        """,
        "CREATE INDEX IF NOT EXISTS registry_alias_changes_by_model ON registry_alias_changes (tenant, model_name, sequence)",
        """
        CREATE OR REPLACE FUNCTION registry_versions_guard() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'DELETE' THEN
                RAISE EXCEPTION 'Model versions are never deleted; archive them instead.' USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            IF NEW.tenant IS DISTINCT FROM OLD.tenant OR NEW.model_name IS DISTINCT FROM OLD.model_name OR NEW.version IS DISTINCT FROM OLD.version
               OR NEW.artifact_sha256 IS DISTINCT FROM OLD.artifact_sha256 OR NEW.run_id IS DISTINCT FROM OLD.run_id OR NEW.description IS DISTINCT FROM OLD.description
               OR NEW.metrics IS DISTINCT FROM OLD.metrics OR NEW.lineage IS DISTINCT FROM OLD.lineage OR NEW.lineage_sha256 IS DISTINCT FROM OLD.lineage_sha256
               OR NEW.created_by IS DISTINCT FROM OLD.created_by OR NEW.created_at IS DISTINCT FROM OLD.created_at THEN
                RAISE EXCEPTION 'A model version is immutable: only its stage, revision and update time change.' USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            RETURN NEW;
        END
        $$
        """,
        """
        CREATE OR REPLACE FUNCTION registry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '% is append-only: its rows are never changed or removed.', TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
        END
        $$
        """,
        Trigger("registry_versions_guard", "BEFORE UPDATE OR DELETE ON registry_versions FOR EACH ROW EXECUTE FUNCTION registry_versions_guard()", "registry_versions"),
        .. AppendOnly("registry_version_artifacts"),
        .. AppendOnly("registry_stage_transitions"),
        .. AppendOnly("registry_alias_changes"),
    ];

    private static string[] AppendOnly(string table) =>
    [
        Trigger($"{table}_append_only", $"BEFORE UPDATE OR DELETE ON {table} FOR EACH ROW EXECUTE FUNCTION registry_append_only()", table),
        // Row triggers do not see TRUNCATE, which would empty a history at once.
        Trigger($"{table}_no_truncate", $"BEFORE TRUNCATE ON {table} FOR EACH STATEMENT EXECUTE FUNCTION registry_append_only()", table),
    ];

    // CREATE TRIGGER has no IF NOT EXISTS before PostgreSQL 14's CREATE OR REPLACE; checking the
    // catalogue works on every supported version.
    private static string Trigger(string name, string definition, string table) =>
        $"""
        DO $$
        BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = '{name}' AND tgrelid = '{table}'::regclass) THEN
                CREATE TRIGGER {name} {definition};
            END IF;
        END
        $$
        """;
}
