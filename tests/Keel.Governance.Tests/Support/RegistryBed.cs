using System.Security.Cryptography;
using System.Text;
using Keel.ModelRegistry;

namespace Keel.Governance.Tests;

/// <summary>A real SQLite registry behind the audited decorator, and the audit log it appends to.</summary>
public sealed class RegistryBed : AuditBed
{
    public const string Tenant = "acme";
    public const string Model = "credit_risk";

    public RegistryBed()
    {
        Inner = new SqliteModelRegistry(Directory.File("model-registry.db"));
        Registry = new AuditedModelRegistry(Inner, Log, Actors);
    }

    public SqliteModelRegistry Inner { get; }

    public AuditedModelRegistry Registry { get; }

    public static string Sha(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public static NewModelVersion Version(string runId) => new(Sha("onnx " + runId), new Lineage
    {
        DatasetSnapshotHash = Sha("data " + runId),
        TrainingSpecHash = Sha("spec"),
        CodeVersion = "0.1.0",
        FeatureService = "credit_model",
        RowCount = 100,
    })
    { RunId = runId, Metrics = new Dictionary<string, double> { ["auc"] = 0.8 } };

    /// <summary>A model with <paramref name="versions"/> versions, created through the inner registry so that nothing is audited.</summary>
    public async Task SeedAsync(int versions)
    {
        await Inner.CreateModelAsync(Tenant, new NewRegisteredModel(Model, "risk-team"), CancellationToken.None);
        for (var v = 1; v <= versions; v++)
        {
            await Inner.CreateVersionAsync(Tenant, Model, Version("run-" + v), "alice", CancellationToken.None);
        }
    }
}
