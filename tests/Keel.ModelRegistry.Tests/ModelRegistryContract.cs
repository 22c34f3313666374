using Keel.Storage;

namespace Keel.ModelRegistry.Tests;

/// <summary>
/// What every <see cref="IModelRegistry"/> must do. The SQLite and PostgreSQL test classes
/// derive from this one, so both stores run exactly the same tests, each test on a store of its
/// own (a new file, a new database).
/// </summary>
public abstract partial class ModelRegistryContract : IAsyncLifetime
{
    protected const string Model = "credit";

    protected static readonly CancellationToken None = CancellationToken.None;

    protected static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly List<IModelRegistry> _opened = [];

    protected string Tenant { get; } = NewTenant();

    /// <summary>The registry under test.</summary>
    protected IModelRegistry Registry { get; private set; } = null!;

    /// <summary>Makes the empty store (file, database) for this test.</summary>
    protected abstract Task CreateStoreAsync();

    /// <summary>A new registry over this test's store, with connections of its own, as another process would open it.</summary>
    protected abstract IModelRegistry OpenRegistry(TimeProvider? time);

    /// <summary>Runs SQL on the store directly, past the registry, as a careless or hostile writer would.</summary>
    protected abstract Task ExecuteSqlAsync(string sql);

    protected abstract Task DeleteStoreAsync();

    public async Task InitializeAsync()
    {
        await CreateStoreAsync();
        Registry = Open();
    }

    public async Task DisposeAsync()
    {
        foreach (var registry in _opened)
        {
            if (registry is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
        }
        await DeleteStoreAsync();
    }

    protected IModelRegistry Open(TimeProvider? time = null)
    {
        var registry = OpenRegistry(time);
        _opened.Add(registry);
        return registry;
    }

    protected static string NewTenant() => "t" + Guid.NewGuid().ToString("N")[..20];

    protected static string Sha(string seed) => ContentHash.Of(seed);

    protected static Lineage SampleLineage(string seed = "1") => new()
    {
        DatasetSnapshotHash = Sha("dataset-" + seed),
        RowCount = 4454,
        From = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero),
        To = new DateTimeOffset(2025, 12, 31, 23, 59, 59, 999, TimeSpan.Zero).AddTicks(1234),
        FeatureService = "credit_model",
        FeatureViews = new Dictionary<string, string> { ["applicant"] = "v-" + Sha("applicant")[..12], ["bureau"] = "v-" + Sha("bureau")[..12] },
        TrainingSpecHash = Sha("spec-" + seed),
        Seed = 42,
        CodeVersion = "0.1.0+abc123",
        ParentRunId = "run-parent",
        Label = "default",
    };

    protected static NewModelVersion SampleVersion(string seed = "1", string? runId = null) => new(Sha("onnx-" + seed), SampleLineage(seed))
    {
        RunId = runId,
        Description = "gradient boosted trees, seed " + seed,
        Metrics = new Dictionary<string, double> { ["auc"] = 0.8123456789, ["logloss"] = 0.1 + 0.2, ["rows"] = 4454 },
    };

    protected Task<RegisteredModel> CreateModelAsync(string name = Model, string? tenant = null, IModelRegistry? registry = null) =>
        (registry ?? Registry).CreateModelAsync(tenant ?? Tenant, new NewRegisteredModel(name, "alice"), None);

    protected Task<ModelVersion> CreateVersionAsync(string model = Model, string seed = "1", string? tenant = null) =>
        Registry.CreateVersionAsync(tenant ?? Tenant, model, SampleVersion(seed), "trainer", None);

    protected Task<TransitionResult> MoveAsync(int version, ModelStage to, string model = Model, string actor = "alice", string? reason = null, IModelRegistry? registry = null) =>
        (registry ?? Registry).TransitionAsync(Tenant, new TransitionRequest(model, version, to, actor, reason ?? $"move to {to}"), None);

    /// <summary>A version of <see cref="Model"/> brought to <paramref name="stage"/> along allowed transitions.</summary>
    protected async Task<ModelVersion> VersionInAsync(ModelStage stage, string seed)
    {
        var version = await CreateVersionAsync(seed: seed);
        ModelStage[] path = stage switch
        {
            ModelStage.None => [],
            ModelStage.Staging => [ModelStage.Staging],
            ModelStage.Production => [ModelStage.Staging, ModelStage.Production],
            _ => [ModelStage.Archived],
        };
        foreach (var step in path)
        {
            version = (await MoveAsync(version.Version, step)).Version;
        }
        return version;
    }
}
