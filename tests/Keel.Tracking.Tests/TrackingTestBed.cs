using Keel.Storage.Artifacts;

namespace Keel.Tracking.Tests;

/// <summary>A tracking store on a SQLite file in a temporary directory, with a clock the test moves.</summary>
public sealed class TrackingTestBed : IDisposable
{
    public static readonly CancellationToken Ct = CancellationToken.None;

    private readonly TempDir _dir = new();

    public TrackingTestBed()
    {
        Store = new SqliteTrackingStore(DatabasePath, Clock);
    }

    public ManualClock Clock { get; } = new();

    public string DatabasePath => _dir.File("tracking.db");

    public SqliteTrackingStore Store { get; }

    /// <summary>Another store on the same file, as another process or a restart would open it.</summary>
    public SqliteTrackingStore Reopen() => new(DatabasePath, Clock);

    public Task<Run> StartAsync(
        string name,
        string tenant = "acme",
        string experiment = "credit",
        string? parent = null,
        IReadOnlyDictionary<string, string>? parameters = null,
        IReadOnlyDictionary<string, string>? tags = null)
    {
        Clock.Advance(TimeSpan.FromSeconds(1));
        return Store.StartRunAsync(tenant, experiment, name, parent, parameters, tags, "alice@acme", Ct);
    }

    public static Dictionary<string, string> Strings(params (string Key, string Value)[] items) =>
        items.ToDictionary(i => i.Key, i => i.Value);

    public static Dictionary<string, double> Metrics(params (string Key, double Value)[] items) =>
        items.ToDictionary(i => i.Key, i => i.Value);

    public static ArtifactRef Artifact(char digit, long size = 1234, string mediaType = "application/onnx") =>
        new(new string(digit, 64), size, mediaType);

    public void Dispose()
    {
        // Pooled connections keep the file open; release them so the directory can be removed.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }
}
