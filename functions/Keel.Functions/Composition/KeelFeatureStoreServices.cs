using Keel.Features.Materialization;
using Keel.Features.Offline;
using Keel.Features.Online;
using Keel.Features.Redis;
using Keel.Features.Registry;
using Keel.Features.Transformations;
using Keel.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Keel.Functions.Composition;

/// <summary>
/// The feature store as every host reads it: the registry of definitions, the offline store
/// (Parquet), the online store (embedded, or Redis with <c>Keel:OnlineStore:Redis</c>), the
/// online read service and training sets. The functions compose it with their handlers; serving
/// composes it to read the features it predicts from.
/// </summary>
public static class KeelFeatureStoreServices
{
    public static IServiceCollection AddKeelFeatureStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section));
        services.AddOptions<EmbeddedOnlineStoreOptions>().Bind(configuration.GetSection(EmbeddedOnlineStoreOptions.Section));
        services.AddOptions<RedisOnlineStoreOptions>().Bind(configuration.GetSection(RedisOnlineStoreOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new TransformationCatalog(sp.GetServices<IFeatureTransformation>()));

        services.TryAddSingleton<IFeatureRegistry>(sp => new SqliteFeatureRegistry(
            Storage(sp).Resolve(FeatureStorePaths.Registry),
            sp.GetRequiredService<TransformationCatalog>(),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IMaterializationWatermarks>(sp => new SqliteMaterializationWatermarks(Storage(sp).Resolve(FeatureStorePaths.Watermarks)));
        services.TryAddSingleton<IOfflineStore>(sp => new ParquetOfflineStore(OfflineOptions(configuration, Storage(sp))));
        services.TryAddSingleton<IOnlineStore>(sp =>
        {
            var redis = sp.GetRequiredService<IOptions<RedisOnlineStoreOptions>>();
            return string.IsNullOrWhiteSpace(redis.Value.Redis)
                ? new EmbeddedOnlineStore(sp.GetRequiredService<IOptions<EmbeddedOnlineStoreOptions>>(), sp.GetRequiredService<IOptions<StorageOptions>>())
                : new RedisOnlineStore(ConnectionMultiplexer.Connect(redis.Value.Redis), redis);
        });

        services.TryAddSingleton<FeatureMaterializer>();
        services.TryAddSingleton<ScheduledMaterialization>();
        services.TryAddSingleton<OnlineFeatureService>();
        services.TryAddSingleton<TrainingSetService>();
        return services;
    }

    private static StorageOptions Storage(IServiceProvider services) => services.GetRequiredService<IOptions<StorageOptions>>().Value;

    private static ParquetOfflineStoreOptions OfflineOptions(IConfiguration configuration, StorageOptions storage)
    {
        var section = configuration.GetSection(ParquetOfflineStoreOptions.Section);
        var defaults = ParquetOfflineStoreOptions.For(storage);
        return defaults with
        {
            RootDirectory = section["RootDirectory"] is { Length: > 0 } root ? Path.GetFullPath(root) : defaults.RootDirectory,
            QueryThreads = section.GetValue<int?>("QueryThreads") ?? defaults.QueryThreads,
            QueryMemoryLimit = section["QueryMemoryLimit"] ?? defaults.QueryMemoryLimit,
        };
    }
}
