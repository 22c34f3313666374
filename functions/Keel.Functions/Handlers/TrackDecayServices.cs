using Keel.Decay;
using Keel.Decay.Storage;
using Keel.Decay.Tracking;
using Keel.Events.Messaging;
using Keel.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Keel.Functions.Handlers;

/// <summary>Composes decay tracking: options from <c>Keel:Monitoring:Decay</c>, its SQLite store under the data directory, the tracker and both handlers.</summary>
public static class TrackDecayServices
{
    public static IServiceCollection AddKeelDecayTracking(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DecayOptions>().Bind(configuration.GetSection(DecayOptions.Section));
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new SqliteDecayStore(sp.GetRequiredService<IOptions<StorageOptions>>().Value.Resolve("decay", "decay.db")));
        services.TryAddSingleton(sp => new DecayTelemetry(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddSingleton<IDecayBaselines, TrackDecayBaselines>();
        services.TryAddSingleton(sp => new DecayTracker(
            sp.GetRequiredService<SqliteDecayStore>(),
            sp.GetRequiredService<IDecayBaselines>(),
            sp.GetRequiredService<IEventPublisher>(),
            sp.GetRequiredService<DecayTelemetry>(),
            sp.GetRequiredService<IOptions<DecayOptions>>().Value,
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<TrackDecayPredictions>();
        services.TryAddSingleton<TrackDecayFeedback>();
        return services;
    }
}
