using Keel.Features.Materialization;
using Keel.Features.Offline;
using Keel.Features.Records;
using Keel.Features.Registry;
using Keel.Features.Repository;
using Keel.Ingestion;
using Keel.Ingestion.Csv;
using Keel.Lifecycle;
using Keel.ModelRegistry;
using Keel.Serving.Runtime;
using Keel.Storage.Artifacts;
using Keel.Training;
using Microsoft.Extensions.DependencyInjection;

namespace Keel.BatchScoring.Tests;

/// <summary>
/// The credit sample as the platform holds it, once for every test: its repository applied, its
/// first <see cref="Rows"/> records ingested through the CSV source and materialized into the real
/// offline (Parquet) and online stores, a small LightGBM model trained on the resulting training
/// set, registered and promoted to Production, and loaded by the model host that online
/// predictions use. Entity N is the N-th record of data/credit_data.csv.
/// </summary>
public sealed class ScoringBed : IAsyncLifetime
{
    public const string Tenant = "default";
    public const string Model = "credit_risk";
    public const string Service = "credit_model";
    public const int Rows = 400;

    public string DataDir { get; } = Directory.CreateTempSubdirectory("keel-batch-scoring-").FullName;

    public ServiceProvider Services { get; private set; } = null!;

    public int Version { get; private set; }

    /// <summary>The tenant's batch-scoring folder, where relative job paths point.</summary>
    public string TenantFolder => Path.Combine(DataDir, "batch-scoring", Tenant);

    public static IEnumerable<string> Entities(int count) => Enumerable.Range(1, count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Services over this bed's data, with a test's own settings and services on top.</summary>
    public ServiceProvider Compose(IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null) =>
        TestHost.Compose(DataDir, settings, configure);

    public async Task InitializeAsync()
    {
        Services = Compose();
        var cancellationToken = CancellationToken.None;
        var registry = Get<IFeatureRegistry>();
        await registry.ApplyAsync(Tenant, FeatureRepositoryFile.Load(RepoRoot.File("data", "credit")), cancellationToken);

        // Ingested as `keel ingest` sends it and MaterializeFeatures stores it.
        var snapshot = await registry.SnapshotAsync(Tenant, cancellationToken);
        var schema = snapshot.ForDataset("credit")!.Repository.Dataset;
        var csv = WriteCsv("ingested.csv", Rows);
        var records = new List<IngestedRecord>();
        foreach (var row in new CsvRecordSource(schema, csv, Tenant, DateTimeOffset.UtcNow).Read())
        {
            var (record, problems) = RecordEvents.Read(row.Event!, snapshot);
            records.Add(record ?? throw new InvalidOperationException($"row {row.Row}: {string.Join("; ", problems.Select(p => p.Message))}"));
        }
        await Get<FeatureMaterializer>().MaterializeAsync(records, cancellationToken);

        var set = await Get<TrainingSetService>().BuildAsync(Tenant, Service, null, cancellationToken);
        var spec = new TrainingSpec
        {
            Name = Model,
            FeatureService = Service,
            Label = "Status",
            PositiveClass = "bad",
            ModelType = ModelType.LightGbm,
            Seed = 42,
            HyperParameters = new Dictionary<string, HyperParameterValue> { ["num_iterations"] = 20, ["num_leaves"] = 7, ["min_data_per_leaf"] = 10 },
        };
        var trained = await ModelTrainer.TrainAsync(set, spec, cancellationToken);
        Version = await RegisterAsync(trained, cancellationToken);
        await Get<ModelHost>().LoadAsync(Tenant, Model, null, makeCurrent: true, cancellationToken);
    }

    /// <summary>The header and the first <paramref name="rows"/> records of data/credit_data.csv, written into the tenant's batch-scoring folder.</summary>
    public string WriteCsv(string name, int rows)
    {
        var path = Path.Combine(TenantFolder, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var lines = File.ReadLines(RepoRoot.File("data", "credit_data.csv")).Take(rows + 1);
        File.WriteAllLines(path, lines);
        return path;
    }

    public async Task DisposeAsync()
    {
        await Services.DisposeAsync();
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may hold a file a moment longer; the temporary folder goes anyway.
        }
    }

    private async Task<int> RegisterAsync(TrainedModel trained, CancellationToken cancellationToken)
    {
        var registry = Get<IModelRegistry>();
        var artifacts = Get<IArtifactStore>();
        await registry.GetOrCreateModelAsync(Tenant, new NewRegisteredModel(Model, "tests"), cancellationToken);
        var onnx = await artifacts.PutAsync(new MemoryStream(trained.OnnxBytes), "application/onnx", cancellationToken);
        var spec = await artifacts.PutAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(TrainingSpecFile.ToJson(trained.Spec))), "application/json", cancellationToken);
        var version = await registry.CreateVersionAsync(Tenant, Model, new NewModelVersion(onnx.Sha256, new Lineage
        {
            DatasetSnapshotHash = new string('a', 64),
            TrainingSpecHash = trained.SpecHash,
            CodeVersion = "tests",
            RowCount = trained.TrainRows,
            FeatureService = Service,
            Label = "Status",
        })
        {
            RunId = Guid.NewGuid().ToString("N"),
            Artifacts = new Dictionary<string, string> { [RunArtifacts.ModelSpec] = spec.Sha256 },
        }, "tests", cancellationToken);
        await registry.TransitionAsync(Tenant, new TransitionRequest(Model, version.Version, ModelStage.Staging, "tests", "batch scoring tests"), cancellationToken);
        await registry.TransitionAsync(Tenant, new TransitionRequest(Model, version.Version, ModelStage.Production, "tests", "batch scoring tests"), cancellationToken);
        return version.Version;
    }
}

[CollectionDefinition(Name)]
public sealed class ScoringCollection : ICollectionFixture<ScoringBed>
{
    public const string Name = "scoring";
}
