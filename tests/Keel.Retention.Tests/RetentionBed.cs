using System.Text;
using Keel.Audit;
using Keel.ModelRegistry;
using Keel.Retention.Planning;
using Keel.Retention.Policy;
using Keel.Retention.Storage;
using Keel.Storage.Artifacts;
using Keel.Tracking;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Keel.Retention.Tests;

/// <summary>
/// Real stores in a temporary directory: the SQLite registry, tracking store and audit log, and a
/// local artifact store with its cold tier, all on one manual clock.
/// </summary>
internal sealed class RetentionBed : IDisposable
{
    public const string Actor = "alice";
    private int _contents;

    public RetentionBed()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("keel-retention-").FullName;
        Registry = new SqliteModelRegistry(Path.Combine(Directory, "model-registry.db"), Time);
        Tracking = new SqliteTrackingStore(Path.Combine(Directory, "tracking.db"), Time);
        Audit = new SqliteAuditLog(Path.Combine(Directory, "audit", "audit.db"),
            AuditSigningKeyFile.LoadOrCreate(Path.Combine(Directory, "audit", "signing-key.pem")), new AuditOptions { CheckpointEvery = 0 }, Time);
        Store = new LocalArtifactTiers(
            new LocalArtifactStore(new ArtifactStoreOptions { RootDirectory = Path.Combine(Directory, "artifacts") }),
            new LocalArtifactStore(new ArtifactStoreOptions { RootDirectory = Path.Combine(Directory, "artifacts-cold") }));
    }

    public string Directory { get; }

    public ManualTime Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public SqliteModelRegistry Registry { get; }

    public SqliteTrackingStore Tracking { get; }

    public SqliteAuditLog Audit { get; }

    public LocalArtifactTiers Store { get; }

    public static RetentionOptions Policy(string tenant, int? experimentDays = null, int? coldDays = null, int? deleteDays = null) => new()
    {
        Tenants =
        {
            [tenant] = new TenantRetentionOptions
            {
                ExperimentArtifacts = experimentDays is null ? null : new ExperimentArtifactsOptions { OlderThanDays = experimentDays },
                ArchivedVersions = coldDays is null && deleteDays is null ? null : new ArchivedVersionsOptions { ColdAfterDays = coldDays, DeleteAfterDays = deleteDays },
            },
        },
    };

    public RetentionPlanner Planner(RetentionOptions options, StoragePrices? prices = null) =>
        new(Registry, Tracking, Audit, Store, RetentionPolicy.Build(options), prices ?? StoragePrices.Unknown("no price book in this test"), Time);

    public RetentionApplier Applier(StoragePrices? prices = null) =>
        new(Store, Audit, prices ?? StoragePrices.Unknown("no price book in this test"), NullLogger<RetentionApplier>.Instance);

    public ArtifactRetention Retention(RetentionOptions options, StoragePrices? prices = null) =>
        new(Planner(options, prices), Applier(prices), Options.Create(options), NullLogger<ArtifactRetention>.Instance);

    /// <summary>Distinct content of about <paramref name="size"/> bytes, or the given text when sharing a blob on purpose.</summary>
    public string Content(int size = 1000) => $"content {Interlocked.Increment(ref _contents)} ".PadRight(size, 'x');

    public async Task<ArtifactRef> PutAsync(string content)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(content));
        return await Store.PutAsync(stream, "application/octet-stream", CancellationToken.None);
    }

    /// <summary>A finished run with a model, a dataset and notes (distinct unless given), ending now.</summary>
    public async Task<Run> RunAsync(string tenant, string? onnx = null, string? dataset = null, string? notes = null, bool end = true)
    {
        var run = await Tracking.StartRunAsync(tenant, "credit", "train", null, null, null, Actor, CancellationToken.None);
        foreach (var (name, content) in new[] { ("model.onnx", onnx), ("dataset.parquet", dataset), ("notes.txt", notes) })
        {
            await Tracking.LogArtifactAsync(tenant, run.Id, name, await PutAsync(content ?? Content()), CancellationToken.None);
        }
        if (end)
        {
            await Tracking.EndRunAsync(tenant, run.Id, RunStatus.Finished, null, CancellationToken.None);
        }
        return await Tracking.GetRunAsync(tenant, run.Id, CancellationToken.None);
    }

    /// <summary>Registers the run's model as the next version and walks it to <paramref name="stage"/> along the allowed transitions.</summary>
    public async Task<ModelVersion> RegisterAsync(string tenant, string model, Run run, ModelStage stage)
    {
        await Registry.GetOrCreateModelAsync(tenant, new NewRegisteredModel(model, Actor), CancellationToken.None);
        var version = await Registry.CreateVersionAsync(tenant, model, new NewModelVersion(run.Artifacts["model.onnx"].Sha256, new Lineage
        {
            DatasetSnapshotHash = run.Artifacts["dataset.parquet"].Sha256,
            TrainingSpecHash = new string('a', 64),
            CodeVersion = "test",
        })
        {
            RunId = run.Id,
            Artifacts = run.Artifacts.Where(a => a.Key != "model.onnx").ToDictionary(a => a.Key, a => a.Value.Sha256),
        }, Actor, CancellationToken.None);
        ModelStage[] path = stage switch
        {
            ModelStage.None => [],
            ModelStage.Staging => [ModelStage.Staging],
            ModelStage.Production => [ModelStage.Staging, ModelStage.Production],
            _ => [ModelStage.Staging, ModelStage.Archived],
        };
        foreach (var to in path)
        {
            await TransitionAsync(tenant, model, version.Version, to);
        }
        return (await Registry.GetVersionAsync(tenant, model, version.Version, CancellationToken.None))!;
    }

    public Task TransitionAsync(string tenant, string model, int version, ModelStage to) =>
        Registry.TransitionAsync(tenant, new TransitionRequest(model, version, to, Actor, "test"), CancellationToken.None);

    public bool InHot(string sha256) => File.Exists(Store.Hot.PathOf(sha256));

    public bool InCold(string sha256) => File.Exists(Store.Cold.PathOf(sha256));

    /// <summary>Every stored file of both tiers with its length and content hash: what "nothing changed on disk" compares.</summary>
    public SortedDictionary<string, (long Bytes, string Hash)> Disk()
    {
        var files = new SortedDictionary<string, (long, string)>(StringComparer.Ordinal);
        foreach (var root in new[] { Store.Hot.Root, Store.Cold.Root })
        {
            foreach (var file in System.IO.Directory.EnumerateFiles(Path.Combine(root, "sha256"), "*", SearchOption.AllDirectories))
            {
                files[Path.GetRelativePath(Directory, file)] = (new FileInfo(file).Length, Keel.Storage.ContentHash.OfFile(file));
            }
        }
        return files;
    }

    public async Task<IReadOnlyList<AuditEntry>> LifecycleEntriesAsync(string? tenant = null)
    {
        var entries = new List<AuditEntry>();
        await foreach (var entry in Audit.ReadAsync(new AuditQuery { Tenant = tenant }, CancellationToken.None))
        {
            if (entry.Action.StartsWith(LifecycleAudit.ActionPrefix, StringComparison.Ordinal))
            {
                entries.Add(entry);
            }
        }
        return entries;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow machine; the temp directory is cleaned up eventually.
        }
    }
}
