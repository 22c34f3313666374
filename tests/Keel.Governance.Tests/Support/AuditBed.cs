using System.Text.Json.Nodes;
using Keel.Audit;

namespace Keel.Governance.Tests;

/// <summary>A real audit log (SQLite, signed checkpoints) in a test directory, and reads of what was appended.</summary>
public class AuditBed : IDisposable
{
    public AuditBed()
    {
        Key = AuditSigningKeyFile.LoadOrCreate(Directory.File("audit", "signing-key.pem"));
        Log = new SqliteAuditLog(Directory.File("audit", "audit.db"), Key, new AuditOptions(), TimeProvider.System);
        Actors = new AuditActors();
    }

    public TestDirectory Directory { get; } = new();

    public PemAuditSigningKey Key { get; }

    public SqliteAuditLog Log { get; }

    public AuditActors Actors { get; }

    public async Task<IReadOnlyList<AuditEntry>> EntriesAsync(string? tenant = null, string? target = null)
    {
        var entries = new List<AuditEntry>();
        await foreach (var entry in Log.ReadAsync(new AuditQuery { Tenant = tenant, Target = target }, CancellationToken.None))
        {
            entries.Add(entry);
        }
        return entries;
    }

    public static JsonObject Details(AuditEntry entry) => (JsonObject)JsonNode.Parse(entry.Details)!;

    public virtual void Dispose()
    {
        Key.Dispose();
        Directory.Dispose();
        GC.SuppressFinalize(this);
    }
}
