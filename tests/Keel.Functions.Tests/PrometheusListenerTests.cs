using System.Diagnostics;
using System.Net;
using Keel.Functions.Composition;
using Keel.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Keel.Functions.Tests;

/// <summary>
/// An app whose HTTP pipeline is not its own (the Functions worker) is scraped on a Prometheus listener
/// of its own when one is configured; and the calls every app makes with HttpClient are traced.
/// </summary>
public sealed class PrometheusListenerTests
{
    [Fact]
    public async Task The_configured_listener_serves_keel_metrics_and_the_scrape_call_itself_is_a_client_span()
    {
        var port = FreePort();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [KeelTelemetry.PrometheusListenerKey] = $"127.0.0.1:{port}",
        }).Build();
        var spans = new List<Activity>();
        var services = new ServiceCollection().AddLogging();
        services.AddKeelTelemetry(configuration, "keel-test", prometheus: false);
        services.AddOpenTelemetry().WithTracing(tracing => tracing.AddProcessor(new Capture(spans)));
        await using var provider = services.BuildServiceProvider();
        _ = provider.GetRequiredService<MeterProvider>();
        var tracing = provider.GetRequiredService<TracerProvider>();
        KafkaMetrics.Batches.Add(1, new KeyValuePair<string, object?>("messaging.destination.name", "keel.listener-test"));

        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/metrics"));
        var body = await response.Content.ReadAsStringAsync();
        tracing.ForceFlush(5_000);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("keel_kafka_batches_total{", body, StringComparison.Ordinal);
        Assert.Contains("keel.listener-test", body, StringComparison.Ordinal);
        lock (spans)
        {
            Assert.Contains(spans, s => s.Source.Name == "System.Net.Http" && s.Kind == ActivityKind.Client
                && (string?)s.GetTagItem("url.full") == $"http://127.0.0.1:{port}/metrics");
        }
    }

    private static int FreePort()
    {
        using var socket = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    private sealed class Capture(List<Activity> spans) : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data)
        {
            lock (spans)
            {
                spans.Add(data);
            }
        }
    }
}
