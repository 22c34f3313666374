using Keel.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Keel.Monitoring;

public static class MonitoringServiceCollectionExtensions
{
    /// <summary>
    /// Drift monitoring's options (<c>Keel:Monitoring:Drift</c>), reference cache, ledger and history of
    /// judged windows (<c>Keel:Monitoring:DriftHistory</c>). The model registry and artifact store come
    /// from the host's composition (<c>AddKeelModelStores</c>).
    /// </summary>
    public static IServiceCollection AddKeelDriftMonitoring(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<DriftMonitorOptions>().Bind(configuration.GetSection(DriftMonitorOptions.Section)).Validate(o =>
        {
            o.Validate();
            return true;
        });
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section));
        services.TryAddSingleton<ReferenceProfileCache>();
        services.TryAddSingleton(sp => new DriftLedger(sp.GetRequiredService<IOptions<StorageOptions>>().Value));
        services.AddOptions<DriftHistoryOptions>().Bind(configuration.GetSection(DriftHistoryOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new DriftHistory(
            sp.GetRequiredService<IOptions<StorageOptions>>().Value.Resolve("monitoring", "drift-history.db"),
            sp.GetRequiredService<IOptions<DriftHistoryOptions>>().Value,
            sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    /// <summary>
    /// The retraining policy: defaults from <c>Keel:Monitoring:Retrain</c>, per model from
    /// <c>Keel:Monitoring:Retrain:&lt;model&gt;</c>, and the cool-downs in <c>monitoring/retrain-cooldowns.db</c>.
    /// </summary>
    public static IServiceCollection AddKeelRetrainPolicy(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section));
        services.TryAddSingleton(_ => RetrainPolicies.From(configuration));
        services.TryAddSingleton(sp => new RetrainCooldowns(sp.GetRequiredService<IOptions<StorageOptions>>().Value.Resolve("monitoring", "retrain-cooldowns.db")));
        return services;
    }
}
