namespace Keel.Governance;

/// <summary>
/// The prediction index's table. The tenant leads the key, so a look-up by id is always a look-up within
/// one tenant. Times are UTC ticks: the exact time a prediction's timestamp features were aged to.
/// </summary>
internal static class PredictionIndexSchema
{
    public static readonly string[] Statements =
    [
        """
        CREATE TABLE IF NOT EXISTS predictions (
            tenant TEXT NOT NULL,
            prediction_id TEXT NOT NULL,
            model TEXT NOT NULL,
            version INTEGER NOT NULL,
            variant TEXT NOT NULL,
            entity TEXT NULL,
            predicted_at INTEGER NOT NULL,
            features TEXT NOT NULL,
            feature_views TEXT NOT NULL,
            score REAL NOT NULL,
            label TEXT NULL,
            explanation TEXT NULL,
            shadow INTEGER NOT NULL,
            trace_parent TEXT NULL,
            PRIMARY KEY (tenant, prediction_id)
        ) WITHOUT ROWID;
        """,
        "CREATE INDEX IF NOT EXISTS predictions_by_age ON predictions (predicted_at);",
    ];
}
