namespace Keel.Decay.Storage;

/// <summary>The tables of the embedded decay store. Times are Unix milliseconds, so comparisons are on integers.</summary>
internal static class DecaySchema
{
    public static readonly string[] Statements =
    [
        """
        CREATE TABLE IF NOT EXISTS predictions (
            tenant TEXT NOT NULL,
            prediction_id TEXT NOT NULL,
            join_id TEXT NOT NULL,
            model TEXT NOT NULL,
            version INTEGER NOT NULL,
            score REAL NOT NULL,
            predicted_at INTEGER NOT NULL,
            label TEXT NULL,
            label_seq INTEGER NULL,
            PRIMARY KEY (tenant, prediction_id)
        ) WITHOUT ROWID;
        """,
        "CREATE INDEX IF NOT EXISTS predictions_by_join ON predictions (tenant, join_id);",
        "CREATE INDEX IF NOT EXISTS predictions_by_age ON predictions (predicted_at);",
        "CREATE INDEX IF NOT EXISTS predictions_labelled ON predictions (tenant, model, version, label_seq) WHERE label_seq IS NOT NULL;",
        """
        CREATE TABLE IF NOT EXISTS labels (
            tenant TEXT NOT NULL,
            join_id TEXT NOT NULL,
            label TEXT NOT NULL,
            observed_at INTEGER NOT NULL,
            received_at INTEGER NOT NULL,
            joined INTEGER NOT NULL,
            PRIMARY KEY (tenant, join_id)
        ) WITHOUT ROWID;
        """,
        "CREATE INDEX IF NOT EXISTS labels_by_age ON labels (joined, received_at);",
        """
        CREATE TABLE IF NOT EXISTS processed_events (
            tenant TEXT NOT NULL,
            event_id TEXT NOT NULL,
            processed_at INTEGER NOT NULL,
            PRIMARY KEY (tenant, event_id)
        ) WITHOUT ROWID;
        """,
        "CREATE INDEX IF NOT EXISTS processed_events_by_age ON processed_events (processed_at);",
        """
        CREATE TABLE IF NOT EXISTS label_outcomes (
            tenant TEXT NOT NULL,
            outcome TEXT NOT NULL,
            count INTEGER NOT NULL,
            PRIMARY KEY (tenant, outcome)
        ) WITHOUT ROWID;
        """,
        """
        CREATE TABLE IF NOT EXISTS alerts (
            tenant TEXT NOT NULL,
            model TEXT NOT NULL,
            version INTEGER NOT NULL,
            active INTEGER NOT NULL,
            alerted_at INTEGER NOT NULL,
            PRIMARY KEY (tenant, model, version)
        ) WITHOUT ROWID;
        """,
        "CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;",
    ];
}
