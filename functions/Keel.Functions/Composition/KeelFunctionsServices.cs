using Keel.Events;
using Keel.BatchScoring;
using Keel.Governance;
using Keel.Metering;
using Keel.Retention;
using Keel.Events.Messaging;
using Keel.Features.Materialization;
using Keel.Features.Offline;
using Keel.Features.Online;
using Keel.Features.Redis;
using Keel.Features.Registry;
using Keel.Features.Transformations;
using Keel.Functions.Embedded;
using Keel.Functions.Handlers;
using Keel.Ingestion;
using Keel.Kafka;
using Keel.Lifecycle;
using Keel.ModelRegistry;
using Keel.Monitoring;
using Keel.Reports;
using Keel.Storage;
using Keel.Storage.Artifacts;
using Keel.Tracking;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Keel.Functions.Composition;

/// <summary>
/// Composes Keel's handlers with the engines behind them. Both hosts call
/// <see cref="AddKeelFunctions"/>; with no configuration at all every engine is the embedded
/// default (SQLite, Parquet under the data directory, the in-process online store, the embedded
/// Kafka cluster). <c>Keel:OnlineStore:Redis</c> and <c>Keel:Kafka:BootstrapServers</c> switch to
/// the production engines.
/// </summary>
public static class KeelFunctionsServices
{
    public static IServiceCollection AddKeelFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddKeelFeatureStore(configuration);
        services.TryAddSingleton(CloudEventCodec.Default);

        services.AddKeelKafka(configuration);
        services.TryAddSingleton<IPublishBackpressure>(sp =>
        {
            var lag = new ConsumerLagBackpressure(sp.GetRequiredService<KafkaConnection>(),
                FunctionCatalog.All.OfType<TopicFunction>().Select(f => (f.Topic, f.ConsumerGroup)));
            return lag.Enabled ? lag : NoBackpressure.Instance;
        });
        services.TryAddSingleton<IngestionService>();

        services.AddKeelModelStores(configuration);
        // After the model stores: the cold tier sits in front of the artifact store, so moved artifacts still read.
        services.AddKeelRetention(configuration);
        services.TryAddSingleton<ApplyRetention>();

        services.TryAddSingleton<IngestEvents>();
        services.TryAddSingleton<ReadOnlineFeatures>();
        services.TryAddSingleton<ApplyFeatureRepository>();
        services.TryAddSingleton<ListFeatures>();
        services.TryAddSingleton<BuildTrainingSet>();
        services.TryAddSingleton<MaterializeFeatures>();
        services.TryAddSingleton<DaprPush>();
        services.TryAddSingleton<MaterializeFeatureRange>();
        services.TryAddSingleton<ListRuns>();
        services.TryAddSingleton<GetRun>();
        services.TryAddSingleton<ListModels>();
        services.TryAddSingleton<GetModel>();
        services.TryAddSingleton<GetModelVersion>();
        services.TryAddSingleton<TransitionModelVersion>();
        services.TryAddSingleton<SetModelAlias>();
        services.TryAddSingleton<GetModelArtifact>();
        services.TryAddSingleton<RecordFeedback>();
        services.AddKeelDriftMonitoring(configuration);
        services.TryAddSingleton<DetectDrift>();
        services.AddKeelDecayTracking(configuration);
        services.AddKeelReports(configuration);
        services.TryAddSingleton<GetDriftReport>();
        services.TryAddSingleton<GetDecayReport>();
        services.TryAddSingleton<ExportAudit>();
        // Their audit log comes with each host's security (KeelHttpSecurity, or the Functions host's own).
        services.TryAddSingleton<ShowAuditEntries>();
        services.TryAddSingleton<GetPredictionGovernance>();
        services.AddOptions<Keel.CostAnomaly.CostAnomalyOptions>().Bind(configuration.GetSection(Keel.CostAnomaly.CostAnomalyOptions.Section));
        services.TryAddSingleton(sp => new Keel.CostAnomaly.Detection.CostAnomalyDetector(
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<Keel.CostAnomaly.CostAnomalyOptions>>().Value, TimeProvider.System));
        services.TryAddSingleton<DetectCostAnomaly>();
        services.AddKeelBatchScoring(configuration);
        services.AddKeelCostLedger(configuration);
        services.AddKeelStorageMetering(configuration);
        services.TryAddSingleton<RecordCosts>();
        services.TryAddSingleton<GetCostReport>();
        services.TryAddSingleton<GetCostPerPrediction>();
        services.TryAddSingleton<ListIdleEndpoints>();
        services.TryAddSingleton<MeterStorage>();
        services.TryAddSingleton<ScoreBatch>();
        services.AddKeelPredictionGovernance(configuration);
        return services;
    }

    /// <summary>
    /// The embedded host's stand-ins for Dapr push and the Timer trigger: a Kafka consumer group
    /// per topic-triggered function and a cron loop per timer-triggered one.
    /// </summary>
    public static IServiceCollection AddKeelEmbeddedTriggers(this IServiceCollection services)
    {
        foreach (var topic in FunctionCatalog.All.OfType<TopicFunction>())
        {
            services.AddKeelKafkaConsumer(topic.Topic, sp => TopicHandlers.Resolve(sp, topic.Name), topic.ConsumerGroup);
        }
        services.AddHostedService<ScheduledFunctions>();
        services.AddHostedService<DriftClock>();
        return services;
    }
}
