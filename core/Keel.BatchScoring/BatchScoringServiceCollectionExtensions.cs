using System.Diagnostics.Metrics;
using Keel.BatchScoring.Scheduling;
using Keel.BatchScoring.Sources;
using Keel.Costs.Pricing;
using Keel.Features.Offline;
using Keel.Features.Online;
using Keel.Features.Registry;
using Keel.Prediction;
using Keel.Serving;
using Keel.Serving.Deployments;
using Keel.Serving.Runtime;
using Keel.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Keel.BatchScoring;

public static class BatchScoringServiceCollectionExtensions
{
    /// <summary>
    /// Registers batch scoring: <see cref="BatchScoringOptions"/> from <c>Keel:BatchScoring</c>, the
    /// scorer, the job slots (<see cref="BatchJobs"/>), the schedule and what a timer tick runs
    /// (<see cref="ScheduledBatchScoring"/>). In a host that serves
    /// (<see cref="ServingServiceCollectionExtensions.AddKeelServing"/>, before or after this call) jobs
    /// share its <see cref="ModelHost"/>; a host that does not gets the model host alone (no startup
    /// loading, no canary monitor). The feature store, model stores, tracking store and event publisher come
    /// from the host's composition; an offline store is needed only for <c>offline</c> datasets, and
    /// a price book (registered, or <c>Keel:Costs:PriceBook</c>) only for deferral.
    /// </summary>
    public static IServiceCollection AddKeelBatchScoring(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(BatchScorer)))
        {
            // Binding twice would list the configured jobs twice.
            return services;
        }
        services.AddOptions<BatchScoringOptions>().Bind(configuration.GetSection(BatchScoringOptions.Section))
            .Validate(o => o.BatchSize is >= 1 and <= BatchScoringOptions.MaxBatchSize, $"{BatchScoringOptions.Section}:BatchSize must be 1 to {BatchScoringOptions.MaxBatchSize}.")
            .Validate(o => o.MaxConcurrentJobs >= 1, $"{BatchScoringOptions.Section}:MaxConcurrentJobs must be at least 1.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.Experiment), $"{BatchScoringOptions.Section}:Experiment must name an experiment.");
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section));
        services.TryAddSingleton(TimeProvider.System);

        // The model host alone where the host does not serve (no startup loading, no canary monitor);
        // a serving host's own registrations (AddKeelServing, before or after this) are the same types.
        services.TryAddSingleton(sp => new ServingMetrics(sp.GetService<IMeterFactory>()));
        services.TryAddSingleton<SessionFactory>();
        services.TryAddSingleton<ModelLoader>();
        services.TryAddSingleton<ModelHost>();
        services.AddOptions<ServingOptions>().PostConfigure(serving =>
        {
            // Decided when the options are first read, once the composition is complete: a serving
            // host binds Keel:Serving itself, and binding it twice would list its models twice.
            if (!services.Any(d => d.ServiceType == typeof(FollowDeployments)))
            {
                configuration.GetSection(ServingOptions.Section).Bind(serving);
            }
        });
        services.TryAddSingleton<ModelProfiles>();

        services.TryAddSingleton(sp => new BatchPaths(sp.GetRequiredService<IOptions<StorageOptions>>().Value));
        services.TryAddSingleton(sp => new ScoringSources(sp.GetRequiredService<IFeatureRegistry>(), sp.GetRequiredService<OnlineFeatureService>(),
            sp.GetRequiredService<BatchPaths>(), sp.GetService<IOfflineStore>()));
        services.TryAddSingleton<BatchCostMeter>();
        services.TryAddSingleton<BatchScorer>();
        services.TryAddSingleton<BatchJobs>();
        services.AddConfiguredPriceBook(configuration);
        services.TryAddSingleton(sp => new BatchSchedule(sp.GetRequiredService<IOptions<BatchScoringOptions>>().Value, PriceBookOf(sp)));
        services.TryAddSingleton<ScheduledBatchScoring>();
        return services;
    }

    /// <summary>The registered price book, else the configured one; an invalid book turns deferral off rather than the jobs.</summary>
    private static PriceBook? PriceBookOf(IServiceProvider services)
    {
        if (services.GetService<PriceBook>() is { } registered)
        {
            return registered;
        }
        var configured = services.GetRequiredService<ConfiguredPriceBook>();
        if (configured is { Book: null, IsConfigured: true })
        {
            var logger = services.GetService<ILoggerFactory>()?.CreateLogger(typeof(BatchSchedule)) ?? NullLogger.Instance;
            logger.LogError("Batch scoring runs undeferred: {Problem}", configured.Problem);
        }
        return configured.Book;
    }
}
