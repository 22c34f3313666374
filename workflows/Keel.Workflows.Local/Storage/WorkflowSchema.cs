namespace Keel.Workflows.Local.Storage;

/// <summary>
/// The tables of the local workflow store. History is append-only and kept across runs of an instance
/// (generation), so <c>keel workflows show</c> can tell the whole story; the inbox holds what has
/// happened to an instance but was not yet applied to it, which makes every result durable the moment
/// it exists.
/// </summary>
internal static class WorkflowSchema
{
    public static readonly string[] Statements =
    [
        """
        CREATE TABLE IF NOT EXISTS workflow_instances (
            instance_id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            status TEXT NOT NULL,
            generation INTEGER NOT NULL,
            input TEXT,
            output TEXT,
            custom_status TEXT,
            error_type TEXT,
            error_message TEXT,
            error_stack TEXT,
            parent_instance_id TEXT,
            parent_task_id INTEGER,
            parent_generation INTEGER,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            completed_at TEXT)
        """,
        "CREATE INDEX IF NOT EXISTS ix_workflow_instances_status ON workflow_instances (status)",
        "CREATE INDEX IF NOT EXISTS ix_workflow_instances_created ON workflow_instances (created_at)",
        "CREATE INDEX IF NOT EXISTS ix_workflow_instances_parent ON workflow_instances (parent_instance_id)",
        """
        CREATE TABLE IF NOT EXISTS workflow_history (
            instance_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            generation INTEGER NOT NULL,
            kind TEXT NOT NULL,
            name TEXT,
            task_id INTEGER,
            attempt INTEGER,
            data TEXT,
            related_instance_id TEXT,
            fire_at TEXT,
            error_type TEXT,
            error_message TEXT,
            error_stack TEXT,
            duration_ms REAL,
            timestamp TEXT NOT NULL,
            PRIMARY KEY (instance_id, seq))
        """,
        """
        CREATE TABLE IF NOT EXISTS workflow_inbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            instance_id TEXT NOT NULL,
            priority INTEGER NOT NULL,
            generation INTEGER,
            kind TEXT NOT NULL,
            name TEXT,
            task_id INTEGER,
            attempt INTEGER,
            data TEXT,
            related_instance_id TEXT,
            error_type TEXT,
            error_message TEXT,
            error_stack TEXT,
            duration_ms REAL,
            created_at TEXT NOT NULL)
        """,
        "CREATE INDEX IF NOT EXISTS ix_workflow_inbox_instance ON workflow_inbox (instance_id, priority, id)",
        """
        CREATE TABLE IF NOT EXISTS workflow_timers (
            instance_id TEXT NOT NULL,
            generation INTEGER NOT NULL,
            task_id INTEGER NOT NULL,
            fire_at TEXT NOT NULL,
            PRIMARY KEY (instance_id, generation, task_id))
        """,
    ];
}
