using Keel.Functions.Composition;
using Keel.Functions.Security;
using Keel.Governance;
using Keel.Metering;
using Keel.Retention;
using Keel.Security.Authorization;
using Keel.Security.Permissions;
using Keel.Events;
using Keel.Kafka;
using Keel.Lifecycle;
using Keel.Prediction;
using Keel.Serving.Deployments;
using Keel.Serving.Host.Apis;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Keel.Serving.Host;

/// <summary>The inference service's composition, shared by Program and the tests that run it on loopback.</summary>
public static class ServingApp
{
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        // Only the stores serving reads: models and their artifacts, and the feature store it predicts from.
        builder.Services.AddKeelModelStores(builder.Configuration);
        // Versions whose artifacts the lifecycle policy moved to the cold tier still load.
        builder.Services.AddKeelArtifactTiers(builder.Configuration);
        builder.Services.AddKeelFeatureStore(builder.Configuration);
        builder.Services.AddKeelServing(builder.Configuration);
        builder.Services.AddKeelPrediction(builder.Configuration);
        // Every batch's compute time, apportioned to its requests, goes to keel.costs.
        builder.Services.AddKeelInferenceMetering(builder.Configuration);
        builder.Services.AddKeelTelemetry(builder.Configuration, "keel-serving", prometheus: true);
        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics.AddMeter(ServingMetrics.MeterName, Keel.PredictionLog.PredictionLogMetrics.MeterName, DeploymentMetrics.MeterName))
            .WithTracing(tracing => tracing.AddSource(ServingTelemetry.SourceName));
        builder.AddKeelHttpSecurity();
        if (!string.IsNullOrWhiteSpace(builder.Configuration["Keel:Kafka:BootstrapServers"]))
        {
            // With an event log to listen to, deployments reach this replica as they happen; each
            // replica reads every deployment, so its consumer group is its own (the pod's name).
            builder.Services.AddKeelKafka(builder.Configuration);
            builder.Services.AddKeelKafkaConsumer(KeelTopics.Models, sp => sp.GetRequiredService<FollowDeployments>(),
                "keel-serving-" + Environment.MachineName.ToLowerInvariant());
        }

        // Deployment plans and API keys changed here are audited.
        builder.Services.AddKeelGovernance(builder.Configuration);
        var app = builder.Build();
        app.UseKeelHttpSecurity();
        app.MapKeelInference();
        app.MapKeelServingAdmin();
        app.MapKeelDeployments();
        app.MapKeelPrediction();
        app.MapPrometheusScrapingEndpoint("/metrics").RequirePermission(Permission.ReadMetrics);
        return app;
    }
}
