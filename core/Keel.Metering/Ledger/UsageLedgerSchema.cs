namespace Keel.Metering;

/// <summary>
/// The ledger's table. The tenant leads the key, so every read is within one tenant. Quantities are
/// decimal text: a REAL would round them, and the reports reconcile to the cent. Times are UTC ticks.
/// </summary>
internal static class UsageLedgerSchema
{
    public static readonly string[] Statements =
    [
        """
        CREATE TABLE IF NOT EXISTS usage (
            tenant TEXT NOT NULL,
            event_id TEXT NOT NULL,
            record_id TEXT NOT NULL,
            activity TEXT NOT NULL,
            kind TEXT NOT NULL,
            item_variant TEXT NOT NULL,
            quantity TEXT NOT NULL,
            start_ticks INTEGER NOT NULL,
            end_ticks INTEGER NOT NULL,
            device_kind TEXT NOT NULL,
            team TEXT NOT NULL,
            cost_centre TEXT NOT NULL,
            model TEXT NOT NULL,
            version TEXT NOT NULL,
            variant TEXT NOT NULL,
            run_id TEXT NOT NULL,
            predictions INTEGER NOT NULL,
            recorded_ticks INTEGER NOT NULL,
            PRIMARY KEY (tenant, event_id)
        ) WITHOUT ROWID;
        """,
        // Report windows are recent: records ending before the window are skipped by this index.
        "CREATE INDEX IF NOT EXISTS usage_by_end ON usage (tenant, end_ticks);",
        "CREATE INDEX IF NOT EXISTS usage_inference ON usage (tenant, activity, model, version, end_ticks);",
    ];
}
