using System.Text;
using Keel.Drift.Profiles;
using Keel.Drift.Windows;
using Keel.Functions.Composition;
using Keel.ModelRegistry;
using Keel.Monitoring;
using Keel.Reports.Drift;
using Keel.Storage.Artifacts;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Keel.Reports.Tests;

/// <summary>
/// The functions app's composition over a temporary data directory, with a clock the test sets: the
/// real registry and artifact store holding a registered credit model with its reference profile,
/// and the drift history DetectDrift writes to.
/// </summary>
public sealed class ReportBed : IAsyncDisposable
{
    public const string Tenant = "acme";
    public const string Model = "credit";

    private readonly ServiceProvider _services;
    private readonly string _dataDir;

    private ReportBed(ServiceProvider services, string dataDir)
    {
        _services = services;
        _dataDir = dataDir;
    }

    public static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public DriftHistory History => _services.GetRequiredService<DriftHistory>();

    public DriftReports DriftReports => _services.GetRequiredService<DriftReports>();

    public DatasetProfile Reference { get; } = Applicants.Reference();

    public static async Task<ReportBed> StartAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var dataDir = Directory.CreateTempSubdirectory("keel-reports-").FullName;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["Keel:DataDir"] = dataDir,
        }).Build();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .AddSingleton<TimeProvider>(new FixedClock(Now))
            .AddKeelFunctions(configuration)
            .BuildServiceProvider();
        var bed = new ReportBed(services, dataDir);
        await bed.RegisterAsync(Tenant);
        return bed;
    }

    /// <summary>Registers the next version of the credit model for <paramref name="tenant"/>, carrying the reference profile.</summary>
    public async Task<int> RegisterAsync(string tenant)
    {
        var registry = _services.GetRequiredService<IModelRegistry>();
        var artifacts = _services.GetRequiredService<IArtifactStore>();
        await registry.GetOrCreateModelAsync(tenant, new NewRegisteredModel(Model, "risk-team"), default);
        var onnx = await artifacts.PutAsync(new MemoryStream(Encoding.UTF8.GetBytes("onnx " + Guid.NewGuid())), "application/octet-stream", default);
        var created = await registry.CreateVersionAsync(tenant, Model, new NewModelVersion(onnx.Sha256, new Lineage
        {
            DatasetSnapshotHash = onnx.Sha256,
            TrainingSpecHash = onnx.Sha256,
            CodeVersion = "test",
        }), "alice", default);
        var reference = await artifacts.PutAsync(new MemoryStream(Encoding.UTF8.GetBytes(Reference.ToJson())), "application/json", default);
        await registry.AttachArtifactAsync(tenant, Model, created.Version, ArtifactNames.ReferenceProfile, reference.Sha256, "alice", default);
        return created.Version;
    }

    /// <summary>Judges a window of <paramref name="rows"/> as DetectDrift does and records it; the window is the hour ending <paramref name="end"/>.</summary>
    public async Task<JudgedWindow> RecordAsync(IEnumerable<IReadOnlyDictionary<string, object?>> rows, DateTimeOffset end, int version = 1, string tenant = Tenant)
    {
        var key = new VersionKey(tenant, Model, version);
        var profile = Applicants.Profile(rows);
        var policy = _services.GetRequiredService<IOptions<DriftMonitorOptions>>().Value.PolicyFor(Model);
        var judgement = DriftAlerts.Judge(key, new ClosedWindow(end.AddHours(-1), end, profile.Rows, profile, WindowCloseReason.Elapsed), Reference, policy);
        var window = JudgedWindow.Of(judgement, Now);
        await History.RecordAsync([window], default);
        return window;
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDir, recursive: true);
    }
}

public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
