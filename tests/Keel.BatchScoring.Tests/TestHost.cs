using Keel.Features.Materialization;
using Keel.Features.Offline;
using Keel.Features.Online;
using Keel.Features.Registry;
using Keel.Kafka;
using Keel.Lifecycle;
using Keel.Prediction;
using Keel.Serving;
using Keel.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Keel.BatchScoring.Tests;

/// <summary>
/// Composes batch scoring as a serving host does (keel up): the model stores, the feature store
/// as Keel.Functions composes it by default (SQLite registry, Parquet offline store, embedded online
/// store), batch scoring, then serving and prediction with its Kafka transport (the embedded cluster).
/// </summary>
public static class TestHost
{
    /// <param name="serving">False composes as the Functions host does: no inference service, batch scoring brings its own model host.</param>
    public static ServiceProvider Compose(string dataDir, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null, bool serving = true)
    {
        var values = new Dictionary<string, string?>
        {
            ["Keel:DataDir"] = dataDir,
            ["Keel:Serving:WarmupRuns"] = "1",
            // Several batches and a part-filled last one from a few hundred rows.
            ["Keel:BatchScoring:BatchSize"] = "128",
            ["Keel:BatchScoring:Cores"] = "2",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IConfiguration>(configuration);
        services.AddKeelModelStores(configuration);
        services.AddSingleton<IFeatureRegistry>(_ => new SqliteFeatureRegistry(Path.Combine(dataDir, "features.db")));
        services.AddSingleton<IOfflineStore>(_ => new ParquetOfflineStore(ParquetOfflineStoreOptions.For(new StorageOptions { DataDir = dataDir })));
        services.AddSingleton<IOnlineStore>(_ => new EmbeddedOnlineStore(Path.Combine(dataDir, "online.db")));
        services.AddSingleton<OnlineFeatureService>();
        services.AddSingleton<FeatureMaterializer>();
        services.AddSingleton<TrainingSetService>();
        if (serving)
        {
            // Batch scoring first, as keel up composes the functions before serving.
            services.AddKeelBatchScoring(configuration);
            services.AddKeelServing(configuration);
            services.AddKeelPrediction(configuration);
        }
        else
        {
            services.AddKeelKafka(configuration);
            services.AddKeelBatchScoring(configuration);
        }
        configure?.Invoke(services);
        return services.BuildServiceProvider();
    }
}
