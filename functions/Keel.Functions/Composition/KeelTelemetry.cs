using Azure.Monitor.OpenTelemetry.Exporter;
using Keel.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Keel.Functions.Composition;

/// <summary>
/// OpenTelemetry for every Keel app, set up once: spans of handlers, Kafka produce/consume and
/// HTTP; metrics of the transport and HTTP, scraped by Prometheus at <c>/metrics</c> where the host
/// serves it (the embedded platform; the Functions host exports over OTLP); OTLP export
/// when <c>Keel:Telemetry:OtlpEndpoint</c> (or the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>) is set;
/// Azure Monitor when <c>Keel:Telemetry:AzureMonitorConnectionString</c> (or the standard
/// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c>) is. Logs go to the same exporters as OpenTelemetry log
/// records, each carrying the trace and span id of the request, event or activity it was written in, so a
/// log line leads to its trace.
/// </summary>
public static class KeelTelemetry
{
    public static IServiceCollection AddKeelTelemetry(this IServiceCollection services, IConfiguration configuration, string serviceName, bool prometheus)
    {
        var otlp = configuration["Keel:Telemetry:OtlpEndpoint"] ?? configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        var azureMonitor = configuration["Keel:Telemetry:AzureMonitorConnectionString"] ?? configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"];
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName, serviceVersion: typeof(KeelTelemetry).Assembly.GetName().Version?.ToString()))
            .WithTracing(tracing =>
            {
                tracing.AddSource(FunctionTelemetry.SourceName, KafkaTelemetry.SourceName).AddAspNetCoreInstrumentation();
                if (!string.IsNullOrWhiteSpace(otlp))
                {
                    tracing.AddOtlpExporter(o => o.Endpoint = new Uri(otlp));
                }
                if (!string.IsNullOrWhiteSpace(azureMonitor))
                {
                    tracing.AddAzureMonitorTraceExporter(o => o.ConnectionString = azureMonitor);
                }
            })
            .WithLogging(logging =>
            {
                if (!string.IsNullOrWhiteSpace(otlp))
                {
                    logging.AddOtlpExporter(o => o.Endpoint = new Uri(otlp));
                }
                if (!string.IsNullOrWhiteSpace(azureMonitor))
                {
                    logging.AddAzureMonitorLogExporter(o => o.ConnectionString = azureMonitor);
                }
            }, options =>
            {
                options.IncludeScopes = true;
                options.IncludeFormattedMessage = true;
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(KafkaMetrics.MeterName, Keel.Decay.Tracking.DecayTelemetry.MeterName, Keel.Monitoring.MonitoringMetrics.MeterName, Keel.Lifecycle.GateMetrics.MeterName).AddAspNetCoreInstrumentation();
                if (prometheus)
                {
                    metrics.AddPrometheusExporter();
                }
                if (!string.IsNullOrWhiteSpace(otlp))
                {
                    metrics.AddOtlpExporter(o => o.Endpoint = new Uri(otlp));
                }
                if (!string.IsNullOrWhiteSpace(azureMonitor))
                {
                    metrics.AddAzureMonitorMetricExporter(o => o.ConnectionString = azureMonitor);
                }
            });
        return services;
    }
}
