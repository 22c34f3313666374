using Keel.Audit;
using Keel.Costs.Pricing;
using Keel.CostAnomaly.Idle;
using Keel.Serving.Runtime;
using Keel.Storage;
using Keel.Training;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Keel.Metering;

/// <summary>
/// Registration per host. Metering needs the host's <see cref="Keel.Events.Messaging.IEventPublisher"/>
/// (<c>AddKeelKafka</c>); the ledger needs nothing but the data directory. Each call may be made
/// alone or together with the others, in any order.
/// </summary>
public static class MeteringServiceCollectionExtensions
{
    /// <summary>
    /// The inference service: every session run is metered (<see cref="InferenceMeter"/> as the
    /// <see cref="IBatchObserver"/> that <see cref="ModelHost"/> takes) and sent on <c>keel.costs</c>
    /// every <c>Keel:Costs:Metering:FlushInterval</c> and at stop. Call it with <c>AddKeelServing</c>.
    /// </summary>
    public static IServiceCollection AddKeelInferenceMetering(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMeteringOutbox(configuration);
        services.TryAddSingleton<InferenceTags>();
        services.TryAddSingleton<InferenceMeter>();
        services.RemoveAll<IBatchObserver>();
        services.AddSingleton<IBatchObserver>(sp => sp.GetRequiredService<InferenceMeter>());
        return services;
    }

    /// <summary>The workflow host: <c>TrainActivity</c> meters every run through <see cref="TrainingMeter"/>.</summary>
    public static IServiceCollection AddKeelTrainingMetering(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMeteringOutbox(configuration);
        services.RemoveAll<ITrainingMeter>();
        services.AddSingleton<ITrainingMeter, TrainingMeter>();
        return services;
    }

    /// <summary>
    /// A host with the model stores and the tracking store (the functions host): <see cref="StorageMeter"/>,
    /// whose <c>MeterAsync(from, to)</c> a timer calls with consecutive spans (<c>Keel:Costs:Storage</c>).
    /// </summary>
    public static IServiceCollection AddKeelStorageMetering(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMeteringOutbox(configuration);
        services.AddOptions<StorageMeterOptions>().Bind(configuration.GetSection(StorageMeterOptions.Section));
        services.TryAddSingleton<StorageMeter>();
        return services;
    }

    /// <summary>
    /// The cost ledger and what reads it (the functions host): <see cref="UsageLedger"/> at
    /// <c>Keel:Costs:LedgerPath</c> (default <c>costs/ledger.db</c> under <c>Keel:DataDir</c>), the
    /// price book (<see cref="PriceBookSource"/>), <see cref="CostQueries"/>, <see cref="IdleEndpoints"/>
    /// and the <c>Keel.Costs</c> meter (<see cref="CostMetrics"/>; add the meter to the host's metrics);
    /// at start, <see cref="PriceBookChangeAudit"/> records a changed price book in the audit log.
    /// </summary>
    public static IServiceCollection AddKeelCostLedger(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section));
        services.AddOptions<LedgerOptions>().Bind(configuration.GetSection(LedgerOptions.Section));
        services.AddOptions<ReservationOptions>().Bind(configuration.GetSection(ReservationOptions.Section));
        services.AddOptions<IdleOptions>().Bind(configuration.GetSection(IdleOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.AddConfiguredPriceBook(configuration);
        services.TryAddSingleton<PriceBookSource>();
        services.TryAddSingleton(sp =>
        {
            var path = sp.GetRequiredService<IOptions<LedgerOptions>>().Value.LedgerPath;
            return new UsageLedger(string.IsNullOrWhiteSpace(path)
                ? sp.GetRequiredService<IOptions<StorageOptions>>().Value.Resolve("costs", "ledger.db")
                : Path.GetFullPath(path), sp.GetRequiredService<TimeProvider>());
        });
        services.TryAddSingleton(sp => new CostMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddSingleton<CostQueries>();
        services.TryAddSingleton<IdleEndpoints>();
        // Price book changes are audited when a host starts with a book other than the last recorded.
        services.AddKeelAudit(configuration);
        services.TryAddSingleton<PriceBookChangeAudit>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, PriceBookChangeAudit>(sp => sp.GetRequiredService<PriceBookChangeAudit>()));
        return services;
    }

    private static void AddMeteringOutbox(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section));
        services.AddOptions<MeteringOptions>().Bind(configuration.GetSection(MeteringOptions.Section)).Validate(options =>
        {
            options.Validate();
            return true;
        });
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp =>
        {
            var directory = sp.GetRequiredService<IOptions<MeteringOptions>>().Value.SpoolDirectory;
            return new CostSpool(string.IsNullOrWhiteSpace(directory) ? sp.GetRequiredService<IOptions<StorageOptions>>().Value.Resolve("costs", "spool") : directory,
                sp.GetRequiredService<ILogger<CostSpool>>());
        });
        services.TryAddSingleton<CostEventOutbox>();
        services.TryAddSingleton<MeteringFlusher>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, MeteringFlusher>(sp => sp.GetRequiredService<MeteringFlusher>()));
    }
}
