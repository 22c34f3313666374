using Keel.Costs.Metering;
using Keel.Features.Online;
using Keel.Features.Registry;
using Keel.Features.Repository;
using Keel.ModelRegistry;
using Keel.Storage;
using Keel.Storage.Artifacts;
using Keel.Tracking;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Keel.Metering.Tests;

/// <summary>Storage is measured from the real stores under a data directory of the test's own.</summary>
public sealed class StorageMeterTests : IDisposable
{
    private readonly Scratch _scratch = new();
    private readonly SqliteModelRegistry _registry;
    private readonly SqliteTrackingStore _tracking;
    private readonly LocalArtifactStore _artifacts;

    public StorageMeterTests()
    {
        _registry = new SqliteModelRegistry(_scratch.Path("model-registry.db"));
        _tracking = new SqliteTrackingStore(_scratch.Path("tracking.db"));
        _artifacts = new LocalArtifactStore(new ArtifactStoreOptions { RootDirectory = _scratch.Path("artifacts") });
    }

    [Fact]
    public async Task Shared_artifacts_are_split_between_their_owners_so_the_bytes_add_up()
    {
        var dataset = await PutAsync(1_001);      // referred to by both tenants' runs
        var onnx = await PutAsync(300);           // the version's model, also logged by its run
        var report = await PutAsync(77);          // attached to the version only
        var orphan = await PutAsync(5);           // nobody refers to it

        var run = await _tracking.StartRunAsync("acme", "credit", "credit", null, null,
            new Dictionary<string, string> { ["model"] = "credit", ["team"] = "risk", ["cost_centre"] = "cc-1" }, "tests", CancellationToken.None);
        await _tracking.LogArtifactAsync("acme", run.Id, "dataset", dataset, CancellationToken.None);
        await _tracking.LogArtifactAsync("acme", run.Id, "model.onnx", onnx, CancellationToken.None);
        var other = await _tracking.StartRunAsync("globex", "churn", "churn", null, null,
            new Dictionary<string, string> { ["model"] = "churn" }, "tests", CancellationToken.None);
        await _tracking.LogArtifactAsync("globex", other.Id, "dataset", dataset, CancellationToken.None);
        await _registry.CreateModelAsync("acme", new NewRegisteredModel("credit", "tests"), CancellationToken.None);
        await _registry.CreateVersionAsync("acme", "credit", new NewModelVersion(onnx.Sha256, Lineage())
        {
            RunId = run.Id,
            Artifacts = new Dictionary<string, string> { ["gate-report"] = report.Sha256 },
        }, "tests", CancellationToken.None);

        var footprints = await Meter(new StorageMeterOptions { Tenants = ["acme", "globex"] }).MeasureAsync(CancellationToken.None);
        var artifacts = footprints.Where(f => f.Store == StorageFootprint.Artifacts).ToDictionary(f => (f.Tenant, f.Model, f.Version));

        Assert.Equal(1_001 + 300 + 77 + 5, artifacts.Values.Sum(f => f.Bytes));
        // acme's credit v1 holds its model and report, and half the dataset (its run is the version's); globex the other half.
        Assert.Equal(300 + 77 + 500, artifacts[("acme", "credit", "1")].Bytes);
        Assert.Equal(("risk", "cc-1"), (artifacts[("acme", "credit", "1")].Team, artifacts[("acme", "credit", "1")].CostCentre));
        Assert.Equal(501, artifacts[("globex", "churn", "untagged")].Bytes);
        Assert.Equal(5, artifacts[("untagged", "untagged", "untagged")].Bytes);
    }

    [Fact]
    public async Task A_server_online_store_is_asked_about_every_view_of_every_tenant_and_the_embedded_file_is_not_read()
    {
        var features = new SqliteFeatureRegistry(_scratch.Path("features.db"));
        var repository = FeatureRepositoryFile.Load(Keel.Testing.RepoRoot.File("data", "credit"));
        await features.ApplyAsync("acme", repository, CancellationToken.None);
        await features.ApplyAsync("globex", repository, CancellationToken.None);
        var views = (await features.SnapshotAsync("acme", CancellationToken.None)).Views.Select(v => v.Name).Order(StringComparer.Ordinal).ToArray();
        OnlineStore(_scratch.Path("online", "online.db"), ("acme", 3));
        var server = new MeasuredOnlineStore(tenant => tenant == "acme" ? 1_000 : 10);

        var footprints = await Meter(new StorageMeterOptions { Tenants = [] }, online: server, features: features).MeasureAsync(CancellationToken.None);

        var online = footprints.Where(f => f.Store == StorageFootprint.OnlineStore).ToDictionary(f => f.Tenant, f => f.Bytes);
        Assert.Equal(new Dictionary<string, long> { ["acme"] = 1_000 * views.Length, ["globex"] = 10 * views.Length }, online);
        Assert.Equal([.. views.Select(v => ("acme", v)), .. views.Select(v => ("globex", v))], server.Asked);
        Assert.True(views.Length >= 2, string.Join(", ", views));
    }

    [Fact]
    public async Task Offline_files_count_per_tenant_directory_and_the_online_file_by_each_tenants_rows()
    {
        Write(_scratch.Path("offline", "acme", "credit_features", "date=2025-03-04", "part-0.parquet"), 4_000);
        Write(_scratch.Path("offline", "acme", "other_view", "part-1.parquet"), 1_000);
        Write(_scratch.Path("offline", "globex", "churn", "part-0.parquet"), 250);
        Write(_scratch.Path("offline", "_manifest.db"), 9_999);
        var online = _scratch.Path("online", "online.db");
        OnlineStore(online, ("acme", 3), ("globex", 1));

        var footprints = await Meter(new StorageMeterOptions { Tenants = [] }).MeasureAsync(CancellationToken.None);

        var offline = footprints.Where(f => f.Store == StorageFootprint.OfflineStore).ToDictionary(f => f.Tenant, f => f.Bytes);
        Assert.Equal(new Dictionary<string, long> { ["acme"] = 5_000, ["globex"] = 250 }, offline);
        var onlineBytes = footprints.Where(f => f.Store == StorageFootprint.OnlineStore).ToDictionary(f => f.Tenant, f => f.Bytes);
        SqliteConnection.ClearAllPools();
        Assert.Equal(new FileInfo(online).Length + (File.Exists(online + "-wal") ? new FileInfo(online + "-wal").Length : 0), onlineBytes.Values.Sum());
        Assert.True(onlineBytes["acme"] > 2 * onlineBytes["globex"], $"acme {onlineBytes["acme"]}, globex {onlineBytes["globex"]}");
    }

    [Fact]
    public void A_span_metered_twice_gives_the_same_ids_and_owners_differing_only_by_team_do_not_collide()
    {
        StorageFootprint[] footprints =
        [
            new(StorageFootprint.Artifacts, "acme", "credit", "untagged", "risk", "cc-1", 1_000),
            new(StorageFootprint.Artifacts, "acme", "credit", "untagged", "fraud", "cc-2", 2_000),
        ];
        var first = StorageMeter.UsageOf(footprints, Prices.Day, Prices.Day.AddHours(1), new StorageMeterOptions());
        var again = StorageMeter.UsageOf(footprints, Prices.Day, Prices.Day.AddHours(1), new StorageMeterOptions());
        Assert.Equal(first.Select(r => r.Id), again.Select(r => r.Id));
        Assert.Equal(2, first.Select(r => r.Id).Distinct().Count());
        Assert.Equal(3_000m / 1_000_000_000m / 730m, first.Sum(r => r.Quantity));
    }

    [Fact]
    public async Task The_hourly_timer_charges_what_is_held_for_the_hour_that_ended_on_keel_costs()
    {
        Write(_scratch.Path("offline", "acme", "view", "part-0.parquet"), 2_000);
        var log = new RecordingPublisher();
        var timer = new Keel.Functions.Handlers.MeterStorage(Meter(new StorageMeterOptions { Tenants = [] }, log), new FixedTime(Prices.Day.AddHours(5).AddMinutes(1)));

        Assert.Equal(1, await timer.RunScheduledAsync(CancellationToken.None));
        Assert.Equal(1, await timer.RunScheduledAsync(CancellationToken.None));

        var sent = log.Events.Select(e => CostMeteredEvent.Read(System.Text.Json.JsonSerializer.SerializeToElement(e.Data))).ToArray();
        Assert.Equal([Keel.Events.KeelTopics.Costs], log.Topics);
        Assert.All(sent, r => Assert.Equal((Prices.Day.AddHours(4), Prices.Day.AddHours(5), "acme"), (r.Start, r.End, r.Tags.Tenant)));
        // The retried hour is the same event: the ledger keeps it once.
        Assert.Single(log.Events.Select(e => e.Id).Distinct());
    }

    public void Dispose() => _scratch.Dispose();

    private StorageMeter Meter(StorageMeterOptions options, RecordingPublisher? log = null, IOnlineStore? online = null, IFeatureRegistry? features = null) =>
        new(_registry, _tracking, _artifacts, Options.Create(options),
            Options.Create(new StorageOptions { DataDir = _scratch.Directory }), Build.Outbox(log ?? new RecordingPublisher(), _scratch.Path("spool")),
            NullLogger<StorageMeter>.Instance, online, features);

    /// <summary>An online store on a server, which only measures: what it was asked, and so many bytes per view of a tenant.</summary>
    private sealed class MeasuredOnlineStore(Func<string, long> bytesPerView) : IOnlineStore, IMeasurableOnlineStore
    {
        public List<(string Tenant, string View)> Asked { get; } = [];

        public Task<OnlineViewFootprint> MeasureAsync(string tenant, string view, CancellationToken cancellationToken)
        {
            Asked.Add((tenant, view));
            return Task.FromResult(new OnlineViewFootprint(tenant, view, 1, bytesPerView(tenant), false));
        }

        public Task WriteAsync(string tenant, string view, string viewVersion, IReadOnlyList<string> featureNames, IReadOnlyList<Keel.Features.FeatureRow> rows, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<IReadOnlyList<OnlineRecord?>> ReadAsync(string tenant, string view, IReadOnlyList<string> entityKeys, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<long> CountAsync(string tenant, string view, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private async Task<ArtifactRef> PutAsync(int bytes)
    {
        var content = new byte[bytes];
        Random.Shared.NextBytes(content);
        return await _artifacts.PutAsync(new MemoryStream(content), "application/octet-stream", CancellationToken.None);
    }

    private static Lineage Lineage() => new()
    {
        DatasetSnapshotHash = new string('a', 64),
        TrainingSpecHash = new string('b', 64),
        CodeVersion = "0.1.0",
    };

    private static void Write(string path, int bytes)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, new byte[bytes]);
    }

    private static void OnlineStore(string path, params (string Tenant, int Rows)[] tenants)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE online_records (tenant TEXT NOT NULL, view TEXT NOT NULL, entity TEXT NOT NULL, view_version TEXT NOT NULL,
                event_ticks INTEGER NOT NULL, event_id TEXT NOT NULL, feature_names TEXT NOT NULL, feature_values TEXT NOT NULL,
                PRIMARY KEY (tenant, view, entity)) WITHOUT ROWID;
            """;
        command.ExecuteNonQuery();
        foreach (var (tenant, rows) in tenants)
        {
            for (var i = 0; i < rows; i++)
            {
                command.CommandText = $"INSERT INTO online_records VALUES ('{tenant}', 'view', 'entity-{i}', 'v1', 0, 'e{i}', '[\"a\",\"b\"]', '{new string('x', 2_000)}');";
                command.ExecuteNonQuery();
            }
        }
    }
}
