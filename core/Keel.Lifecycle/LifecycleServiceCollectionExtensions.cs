using Keel.Gates;
using Keel.ModelRegistry;
using Keel.Storage;
using Keel.Storage.Artifacts;
using Keel.Tracking;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Keel.Lifecycle;

public static class LifecycleServiceCollectionExtensions
{
    /// <summary>
    /// Registers the model life cycle's domain services, the stores they need
    /// (<see cref="AddKeelModelStores"/>) and the validation gates. The feature store
    /// (<c>TrainingSetService</c>, <c>IFeatureRegistry</c>) and the <c>IEventPublisher</c> come from
    /// the platform's composition (<c>AddKeelFunctions</c>).
    /// </summary>
    public static IServiceCollection AddKeelLifecycle(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<LifecycleOptions>().Bind(configuration.GetSection(LifecycleOptions.Section));
        services.AddKeelModelStores(configuration);
        services.AddKeelGates();

        services.TryAddSingleton<DatasetSnapshots>();
        services.TryAddSingleton<TrainingRequests>();
        services.TryAddSingleton<TrainingRuns>();
        services.TryAddSingleton<RunEnding>();
        services.TryAddSingleton<Evaluation>();
        services.TryAddSingleton<GateEvaluation>();
        services.TryAddSingleton<Registration>();
        services.TryAddSingleton<Approvals>();
        services.TryAddSingleton<Deployment>();
        services.TryAddSingleton<Promotion>();
        services.TryAddSingleton<Rejection>();
        services.TryAddSingleton<Compensation>();
        services.TryAddSingleton<CanaryRollout>();
        services.TryAddSingleton<Retraining>();
        services.TryAddSingleton<LineageRebuild>();
        return services;
    }

    /// <summary>
    /// Registers the stores of models and their runs, configured from <c>Keel:…</c> with embedded
    /// defaults under <c>Keel:DataDir</c>: the tracking store (<c>Keel:Tracking:DatabasePath</c>, else
    /// <c>tracking.db</c>), the artifact store (<c>Keel:Artifacts:RootDirectory</c>, else
    /// <c>artifacts/</c>) and the model registry (<c>Keel:ModelRegistry</c>, SQLite by default).
    /// Every host that reads or writes them registers them here, so one setting means the same
    /// everywhere; stores already registered are kept.
    /// </summary>
    public static IServiceCollection AddKeelModelStores(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section));
        services.AddOptions<ModelRegistryOptions>().Bind(configuration.GetSection(ModelRegistryOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ITrackingStore>(sp => new SqliteTrackingStore(TrackingOptionsFrom(configuration, Storage(sp)), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IArtifactStore>(sp => new LocalArtifactStore(ArtifactOptionsFrom(configuration, Storage(sp))));
        services.TryAddSingleton<IModelRegistry>(sp => ModelRegistryFactory.Create(
            sp.GetRequiredService<IOptions<ModelRegistryOptions>>().Value, Storage(sp), sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    private static StorageOptions Storage(IServiceProvider services) => services.GetRequiredService<IOptions<StorageOptions>>().Value;

    private static TrackingOptions TrackingOptionsFrom(IConfiguration configuration, StorageOptions storage) =>
        configuration.GetSection(TrackingOptions.Section)["DatabasePath"] is { Length: > 0 } path
            ? new TrackingOptions { DatabasePath = Path.GetFullPath(path) }
            : TrackingOptions.For(storage);

    private static ArtifactStoreOptions ArtifactOptionsFrom(IConfiguration configuration, StorageOptions storage)
    {
        var section = configuration.GetSection(ArtifactStoreOptions.Section);
        var defaults = ArtifactStoreOptions.For(storage);
        return defaults with
        {
            RootDirectory = section["RootDirectory"] is { Length: > 0 } root ? Path.GetFullPath(root) : defaults.RootDirectory,
            VerifyOnRead = section.GetValue<bool?>("VerifyOnRead") ?? defaults.VerifyOnRead,
            MaxArtifactBytes = section.GetValue<long?>("MaxArtifactBytes") ?? defaults.MaxArtifactBytes,
            AbandonedPutAge = section.GetValue<TimeSpan?>("AbandonedPutAge") ?? defaults.AbandonedPutAge,
        };
    }
}
