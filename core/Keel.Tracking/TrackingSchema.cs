namespace Keel.Tracking;

/// <summary>
/// The tables of the SQLite tracking store. Every table leads with the tenant and every key
/// includes it, so no query can reach another tenant's rows by id alone. Times are UTC ticks
/// (integers order and compare exactly). SQLite stores NaN as NULL, so a NaN metric is kept as
/// 0 with <c>is_nan</c> set, as MLflow does.
/// </summary>
internal static class TrackingSchema
{
    public static readonly IReadOnlyList<string> Statements =
    [
        """
        CREATE TABLE IF NOT EXISTS experiments (
            tenant TEXT NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL, created_at INTEGER NOT NULL,
            PRIMARY KEY (tenant, id),
            UNIQUE (tenant, name)
        );
        """,
        """
        CREATE TABLE IF NOT EXISTS experiment_tags (
            tenant TEXT NOT NULL, experiment_id TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
            PRIMARY KEY (tenant, experiment_id, key),
            FOREIGN KEY (tenant, experiment_id) REFERENCES experiments (tenant, id)
        ) WITHOUT ROWID;
        """,
        """
        CREATE TABLE IF NOT EXISTS runs (
            tenant TEXT NOT NULL, id TEXT NOT NULL, experiment_id TEXT NOT NULL, name TEXT NOT NULL,
            parent_run_id TEXT NULL, status TEXT NOT NULL, start_time INTEGER NOT NULL, end_time INTEGER NULL,
            created_by TEXT NOT NULL, error TEXT NULL,
            PRIMARY KEY (tenant, id),
            FOREIGN KEY (tenant, experiment_id) REFERENCES experiments (tenant, id),
            FOREIGN KEY (tenant, parent_run_id) REFERENCES runs (tenant, id)
        );
        """,
        "CREATE INDEX IF NOT EXISTS runs_by_experiment ON runs (tenant, experiment_id, start_time);",
        "CREATE INDEX IF NOT EXISTS runs_by_parent ON runs (tenant, parent_run_id, start_time);",
        """
        CREATE TABLE IF NOT EXISTS run_params (
            tenant TEXT NOT NULL, run_id TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
            PRIMARY KEY (tenant, run_id, key),
            FOREIGN KEY (tenant, run_id) REFERENCES runs (tenant, id)
        ) WITHOUT ROWID;
        """,
        """
        CREATE TABLE IF NOT EXISTS run_tags (
            tenant TEXT NOT NULL, run_id TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
            PRIMARY KEY (tenant, run_id, key),
            FOREIGN KEY (tenant, run_id) REFERENCES runs (tenant, id)
        ) WITHOUT ROWID;
        """,
        """
        CREATE TABLE IF NOT EXISTS run_artifacts (
            tenant TEXT NOT NULL, run_id TEXT NOT NULL, name TEXT NOT NULL,
            sha256 TEXT NOT NULL, size INTEGER NOT NULL, media_type TEXT NOT NULL,
            PRIMARY KEY (tenant, run_id, name),
            FOREIGN KEY (tenant, run_id) REFERENCES runs (tenant, id)
        ) WITHOUT ROWID;
        """,
        """
        CREATE TABLE IF NOT EXISTS metric_points (
            seq INTEGER PRIMARY KEY,
            tenant TEXT NOT NULL, run_id TEXT NOT NULL, key TEXT NOT NULL,
            value REAL NOT NULL, is_nan INTEGER NOT NULL, step INTEGER NOT NULL, timestamp INTEGER NOT NULL,
            FOREIGN KEY (tenant, run_id) REFERENCES runs (tenant, id)
        );
        """,
        "CREATE INDEX IF NOT EXISTS metric_points_by_key ON metric_points (tenant, run_id, key, step, seq);",
        // The latest value per metric, kept on every write so that listing and ordering by a
        // metric is one join, not a scan of the history.
        """
        CREATE TABLE IF NOT EXISTS latest_metrics (
            tenant TEXT NOT NULL, run_id TEXT NOT NULL, key TEXT NOT NULL,
            value REAL NOT NULL, is_nan INTEGER NOT NULL, step INTEGER NOT NULL, points INTEGER NOT NULL,
            PRIMARY KEY (tenant, run_id, key),
            FOREIGN KEY (tenant, run_id) REFERENCES runs (tenant, id)
        ) WITHOUT ROWID;
        """,
    ];
}
