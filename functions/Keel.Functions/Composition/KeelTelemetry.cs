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
/// OpenTelemetry for every Keel app, set up once: spans of handlers, Kafka produce/consume, HTTP
/// served and HTTP called; metrics of the transport and HTTP, scraped by Prometheus at <c>/metrics</c>
/// where the host maps it (<paramref name="prometheus"/>: the embedded platform, the serving and workflows
/// apps) or on a listener of its own when <c>Keel:Telemetry:PrometheusListener</c> names one as
/// <c>host:port</c> (the
/// Functions host, whose HTTP belongs to its triggers); OTLP export
/// when <c>Keel:Telemetry:OtlpEndpoint</c> (or the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>) is set;
/// Azure Monitor when <c>Keel:Telemetry:AzureMonitorConnectionString</c> (or the standard
/// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c>) is. Logs go to the same exporters as OpenTelemetry log
/// records, each carrying the trace and span id of the request, event or activity it was written in, so a
/// log line leads to its trace.
/// </summary>
public static class KeelTelemetry
{
    public const string PrometheusListenerKey = "Keel:Telemetry:PrometheusListener";

    private const string HttpClientSource = "System.Net.Http";

    public static IServiceCollection AddKeelTelemetry(this IServiceCollection services, IConfiguration configuration, string serviceName, bool prometheus)
    {
        var otlp = configuration["Keel:Telemetry:OtlpEndpoint"] ?? configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        var listener = configuration[PrometheusListenerKey];
        var azureMonitor = configuration["Keel:Telemetry:AzureMonitorConnectionString"] ?? configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"];
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName, serviceVersion: typeof(KeelTelemetry).Assembly.GetName().Version?.ToString()))
            .WithTracing(tracing =>
            {
                // HttpClient traces its calls on this source itself (no instrumentation package needed since .NET 9).
                tracing.AddSource(FunctionTelemetry.SourceName, KafkaTelemetry.SourceName, HttpClientSource).AddAspNetCoreInstrumentation();
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
                metrics.AddMeter(KafkaMetrics.MeterName, Keel.Decay.Tracking.DecayTelemetry.MeterName, Keel.Monitoring.MonitoringMetrics.MeterName, Keel.Lifecycle.GateMetrics.MeterName, Keel.Metering.CostMetrics.MeterName).AddAspNetCoreInstrumentation();
                metrics.AddMeter(HttpClientSource);
                if (prometheus)
                {
                    metrics.AddPrometheusExporter();
                }
                if (!string.IsNullOrWhiteSpace(listener))
                {
                    var (host, port) = ListenerAddress(listener);
                    metrics.AddPrometheusHttpListener(o =>
                    {
                        o.Host = host;
                        o.Port = port;
                    });
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

    /// <summary><c>host:port</c>, the host being <c>+</c> or <c>*</c> for every address.</summary>
    private static (string Host, int Port) ListenerAddress(string value)
    {
        var colon = value.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(value.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new InvalidOperationException($"{PrometheusListenerKey}: '{value}' is not host:port (e.g. +:9464 or 127.0.0.1:9464).");
        }
        return (value[..colon], port);
    }
}
