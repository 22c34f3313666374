using System.Net.Http.Headers;
using Keel.Cli.Client;
using Keel.Features.Registry;
using Keel.Security.Authentication;
using Keel.Security.Jwt;
using Keel.Features.Repository;
using Keel.Functions.Embedded;
using Keel.Events;
using Keel.Kafka;
using Keel.Metering;
using Keel.Prediction;
using Keel.Serving;
using Keel.Serving.Deployments;
using Keel.Serving.Host.Apis;
using Keel.Workflows;
using Microsoft.Extensions.Configuration;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Keel.Workflows.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Keel.Cli.Platform;

/// <summary>The embedded platform as the CLI runs it, functions and workflows: started in-process, stopped gracefully.</summary>
public sealed class PlatformRunner : IAsyncDisposable
{
    private readonly WebApplication _app;

    private PlatformRunner(WebApplication app)
    {
        _app = app;
        Address = EmbeddedPlatform.Address(app);
    }

    public Uri Address { get; }

    public IServiceProvider Services => _app.Services;

    /// <param name="settings">Configuration over the platform's defaults (and under its command line), e.g. the demo's monitoring policy.</param>
    /// <param name="configure">A last word on the builder, e.g. a test's log capture.</param>
    public static async Task<PlatformRunner> StartAsync(int port, string dataDir, bool quiet, CancellationToken cancellationToken, IReadOnlyDictionary<string, string?>? settings = null,
        Action<WebApplicationBuilder>? configure = null)
    {
        var builder = EmbeddedPlatform.CreateBuilder(new EmbeddedPlatformOptions { Port = port, DataDir = dataDir, Settings = settings ?? new Dictionary<string, string?>() });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        // The demo prints its own account of what happened; warnings still surface.
        builder.Logging.SetMinimumLevel(quiet ? LogLevel.Warning : LogLevel.Information);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        // keel up is also the workflows app: the same workflow classes on the local runtime, the same API.
        builder.Services.AddKeelWorkflows(builder.Configuration, embedded: true);
        // ... and the inference service, which serves every model the workflows deploy.
        builder.Configuration.AddInMemoryCollection(EmbeddedServing.Defaults(builder.Configuration));
        builder.Services.AddKeelServing(builder.Configuration);
        builder.Services.AddKeelPrediction(builder.Configuration);
        // Inference batches and training runs are metered onto keel.costs, which the ledger reads.
        builder.Services.AddKeelInferenceMetering(builder.Configuration);
        builder.Services.AddKeelTrainingMetering(builder.Configuration);
        builder.Services.AddKeelKafkaConsumer(KeelTopics.Models, sp => sp.GetRequiredService<FollowDeployments>(), EmbeddedServing.ConsumerGroup);
        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics.AddMeter(ServingMetrics.MeterName, Keel.PredictionLog.PredictionLogMetrics.MeterName, DeploymentMetrics.MeterName))
            .WithTracing(tracing => tracing.AddSource(ServingTelemetry.SourceName, Keel.Workflows.Local.LocalWorkflowRuntime.ActivitySourceName));
        configure?.Invoke(builder);
        var app = EmbeddedPlatform.Build(builder);
        app.MapKeelWorkflowApi();
        app.MapKeelInference();
        app.MapKeelServingAdmin();
        app.MapKeelDeployments();
        app.MapKeelPrediction();
        await app.StartAsync(cancellationToken);
        return new PlatformRunner(app);
    }

    /// <summary>
    /// A client of this platform acting as <paramref name="user"/> with one role in one tenant, its token
    /// signed by the platform's embedded key: how the demo and the benchmarks play several people.
    /// </summary>
    public KeelClient CreateClient(string user, string role, string tenant, params string[] moreRoles) =>
        KeelClient.Create(Address.ToString(), tenant, Credentials(user, role, tenant, moreRoles));

    public AuthenticationHeaderValue Credentials(string user, string role, string tenant, params string[] moreRoles) =>
        new(KeelSchemes.Bearer, Services.GetRequiredService<LocalTokenIssuer>().Issue(user, [role, .. moreRoles], tenant));

    /// <summary>Applies a repository folder directly to the registry (the platform is in this process).</summary>
    public async Task<ApplyResult> ApplyAsync(string folder, string tenant, CancellationToken cancellationToken) =>
        await Services.GetRequiredService<IFeatureRegistry>().ApplyAsync(tenant, FeatureRepositoryFile.Load(folder), cancellationToken);

    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
