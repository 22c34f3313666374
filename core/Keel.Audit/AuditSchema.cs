namespace Keel.Audit;

/// <summary>
/// The audit database's tables. The triggers make the tables append-only for every client that
/// does not first drop them: they stop mistakes, not an attacker, which is what the chain is for.
/// </summary>
internal static class AuditSchema
{
    public static IReadOnlyList<string> Statements { get; } =
    [
        """
        CREATE TABLE IF NOT EXISTS audit_entries (
            sequence INTEGER PRIMARY KEY,
            time INTEGER NOT NULL,
            tenant TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            target TEXT NOT NULL,
            details TEXT NOT NULL,
            salt TEXT NOT NULL,
            previous_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        );
        """,
        "CREATE INDEX IF NOT EXISTS audit_entries_by_tenant ON audit_entries (tenant, sequence);",
        "CREATE INDEX IF NOT EXISTS audit_entries_by_target ON audit_entries (target, sequence);",
        "CREATE INDEX IF NOT EXISTS audit_entries_by_time ON audit_entries (time);",
        """
        CREATE TABLE IF NOT EXISTS audit_checkpoints (
            sequence INTEGER PRIMARY KEY,
            hash TEXT NOT NULL,
            time INTEGER NOT NULL,
            key_id TEXT NOT NULL,
            signature TEXT NOT NULL
        );
        """,
        """
        CREATE TABLE IF NOT EXISTS audit_keys (
            key_id TEXT PRIMARY KEY,
            public_key TEXT NOT NULL
        ) WITHOUT ROWID;
        """,
        AppendOnly("audit_entries", "UPDATE"),
        AppendOnly("audit_entries", "DELETE"),
        AppendOnly("audit_checkpoints", "UPDATE"),
        AppendOnly("audit_checkpoints", "DELETE"),
    ];

    private static string AppendOnly(string table, string operation) =>
        $"""
        CREATE TRIGGER IF NOT EXISTS {table}_no_{operation.ToLowerInvariant()} BEFORE {operation} ON {table}
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        """;
}
