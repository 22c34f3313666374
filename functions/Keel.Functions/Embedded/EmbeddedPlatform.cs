using Keel.Functions.Composition;
using Keel.Functions.Security;
using Keel.Governance;
using Keel.Security.Authorization;
using Keel.Security.Permissions;
using Keel.Kafka;
using Keel.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Keel.Functions.Embedded;

/// <summary>Where and how the embedded platform runs.</summary>
public sealed record EmbeddedPlatformOptions
{
    /// <summary>Loopback port for the HTTP API; 0 picks a free one.</summary>
    public int Port { get; init; } = 5080;

    /// <summary>Address to listen on; loopback by default so nothing is exposed by accident.</summary>
    public string Host { get; init; } = "127.0.0.1";

    public string DataDir { get; init; } = Path.Combine(".keel", "data");

    /// <summary>Extra configuration (e.g. <c>Keel:Kafka:BootstrapServers</c>) layered over appsettings and environment.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    public string[] Args { get; init; } = [];
}

/// <summary>
/// The embedded platform of <c>keel up</c>, <c>keel demo</c> and the tests: the handlers on
/// Kestrel at the same routes as the Functions host, Kafka consumer groups instead of Dapr push,
/// cron loops instead of Timer triggers, and the embedded engines behind them.
/// </summary>
public static class EmbeddedPlatform
{
    public static WebApplicationBuilder CreateBuilder(EmbeddedPlatformOptions options)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = options.Args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{StorageOptions.Section}:{nameof(StorageOptions.DataDir)}"] = Path.GetFullPath(options.DataDir),
        });
        builder.Configuration.AddInMemoryCollection(options.Settings);
        if (string.IsNullOrWhiteSpace(builder.Configuration["Keel:Kafka:BootstrapServers"])
            && builder.Configuration["Keel:Kafka:Consumer:DrainOnStop"] is null)
        {
            // The embedded cluster dies with the process: consumers read it to the end before they stop,
            // so every event that was acknowledged is materialized.
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Keel:Kafka:Consumer:DrainOnStop"] = "true" });
        }
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(System.Net.IPAddress.Parse(options.Host), options.Port);
        });
        // Every consumer group drains the embedded cluster before it stops, which takes seconds each:
        // one after the other they would outlast the shutdown timeout, and the last ones would be
        // aborted with their topics unread. Side by side they take as long as the slowest.
        builder.Services.Configure<HostOptions>(host => host.ServicesStopConcurrently = true);
        builder.AddKeelHttpSecurity();
        builder.Services.AddKeelFunctions(builder.Configuration);
        builder.Services.AddKeelEmbeddedTriggers();
        builder.Services.AddKeelTelemetry(builder.Configuration, "keel", prometheus: true);
        return builder;
    }

    public static WebApplication Build(WebApplicationBuilder builder)
    {
        // Last, so that it wraps what the host composed (registry, deployment plans, API keys) with the audit trail.
        builder.Services.AddKeelGovernance(builder.Configuration);
        var app = builder.Build();
        app.UseKeelHttpSecurity();
        // Probes are the only anonymous routes; the readiness answer names no address, which is for operators.
        app.MapGet("/health/live", () => Results.Ok(new { status = "live" })).WithName("Live").AllowAnonymous();
        app.MapGet("/health/ready", (KafkaConnection kafka) => Results.Ok(new { status = "ready", embeddedKafka = kafka.IsEmbedded })).WithName("Ready").AllowAnonymous();
        app.MapPrometheusScrapingEndpoint("/metrics").RequirePermission(Permission.ReadMetrics);
        app.MapKeelFunctions();
        // Start the event log before serving, so the bootstrap address is logged first and the
        // first request does not pay for starting the cluster.
        app.Services.GetRequiredService<KafkaConnection>();
        return app;
    }

    /// <summary>The address the platform listens on, once started.</summary>
    public static Uri Address(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return new Uri(addresses.First());
    }
}
