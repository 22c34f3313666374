using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace Keel.Audit.Tests;

/// <summary>
/// A real audit database in a temporary data directory: a log of <c>count</c> entries, one minute
/// apart, checkpointed every five, and raw SQL access for tampering with it the way an intruder would.
/// </summary>
internal sealed class AuditBed : IDisposable
{
    public static readonly DateTimeOffset Start = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    public AuditBed(int checkpointEvery = 5)
    {
        Key = AuditSigningKeyFile.LoadOrCreate(System.IO.Path.Combine(DataDir, "audit", "signing-key.pem"));
        Log = new SqliteAuditLog(System.IO.Path.Combine(DataDir, "audit", "audit.db"), Key, new AuditOptions { CheckpointEvery = checkpointEvery }, Time);
    }

    public string DataDir { get; } = Directory.CreateTempSubdirectory("keel-audit-").FullName;

    public ManualTime Time { get; } = new(Start);

    public PemAuditSigningKey Key { get; }

    public SqliteAuditLog Log { get; }

    public async Task<List<AuditEntry>> AppendAsync(int count)
    {
        var entries = new List<AuditEntry>();
        for (var i = 0; i < count; i++)
        {
            var tenant = i % 3 == 0 ? "globex" : "acme";
            entries.Add(await Log.AppendAsync(new NewAuditEntry(tenant, "alice", AuditActions.ModelStageChanged, AuditTargets.Model("credit_risk", 1 + i % 4),
                new JsonObject { ["stage"] = "Staging", ["step"] = i }), default));
            Time.Now += TimeSpan.FromMinutes(1);
        }
        return entries;
    }

    public AuditVerifier Verifier() => new(TrustOwnKey());

    public AuditTrust TrustOwnKey() => AuditTrust.FromPem(Key.PublicKeyPem);

    public Task<AuditVerification> VerifyAsync(IEnumerable<AuditCheckpoint>? anchors = null) => Verifier().VerifyAsync(Log, anchors, default);

    public async Task<string> ExportAsync(AuditRange? range = null, string? tenant = null)
    {
        var path = System.IO.Path.Combine(DataDir, $"export-{Guid.NewGuid():N}.jsonl");
        await using var file = File.Create(path);
        var exporter = new AuditExporter(Log, Time);
        await (tenant is null ? exporter.WriteAsync(range ?? AuditRange.All, file, default) : exporter.WriteAsync(range ?? AuditRange.All, tenant, file, default));
        return path;
    }

    /// <summary>Runs SQL on the database as someone with write access to the file: the append-only triggers are dropped first.</summary>
    public void Tamper(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = new SqliteConnection($"Data Source={Log.Path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText =
            """
            DROP TRIGGER IF EXISTS audit_entries_no_update; DROP TRIGGER IF EXISTS audit_entries_no_delete;
            DROP TRIGGER IF EXISTS audit_checkpoints_no_update; DROP TRIGGER IF EXISTS audit_checkpoints_no_delete;
            """ + sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        command.ExecuteNonQuery();
    }

    /// <summary>Replaces entry rows with the given ones, as someone who recomputed their hashes would.</summary>
    public void Rewrite(IEnumerable<AuditEntry> entries)
    {
        foreach (var entry in entries)
        {
            Tamper(
                "UPDATE audit_entries SET time = $time, tenant = $tenant, actor = $actor, action = $action, target = $target, "
                + "details = $details, salt = $salt, previous_hash = $prev, hash = $hash WHERE sequence = $s",
                ("$time", entry.Time.ToUnixTimeMilliseconds()), ("$tenant", entry.Tenant), ("$actor", entry.Actor), ("$action", entry.Action),
                ("$target", entry.Target), ("$details", entry.Details), ("$salt", entry.Salt), ("$prev", entry.PreviousHash), ("$hash", entry.Hash), ("$s", entry.Sequence));
        }
    }

    public async Task<List<AuditEntry>> ReadAllAsync() => await Log.ReadAsync(new AuditQuery(), default).ToListAsync();

    public void Dispose()
    {
        Key.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(DataDir, recursive: true);
    }
}
