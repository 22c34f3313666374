using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Text;
using Keel.Functions;
using Keel.Functions.Composition;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace Keel.Functions.Tests;

/// <summary>
/// With an Azure Monitor connection string configured, every Keel app sends its telemetry to the
/// ingestion endpoint the string names, under its instrumentation key and service name; here that
/// endpoint is a listener on loopback. The span of a handler shows up there as the dependency
/// duration the exporter derives from every span it is given.
/// </summary>
public sealed class AzureMonitorExportTests
{
    [Fact]
    public async Task Spans_go_to_the_ingestion_endpoint_of_the_configured_connection_string()
    {
        var port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var received = new List<string>();
        var receiving = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }
                using var body = new MemoryStream();
                var input = context.Request.Headers["Content-Encoding"] == "gzip" ? new GZipStream(context.Request.InputStream, CompressionMode.Decompress) : context.Request.InputStream;
                await input.CopyToAsync(body);
                lock (received)
                {
                    received.Add(context.Request.Url!.AbsolutePath + " " + Encoding.UTF8.GetString(body.ToArray()));
                }
                context.Response.StatusCode = 200;
                var ok = Encoding.UTF8.GetBytes("{\"itemsReceived\":1,\"itemsAccepted\":1,\"errors\":[]}");
                await context.Response.OutputStream.WriteAsync(ok);
                context.Response.Close();
            }
        });

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Keel:Telemetry:AzureMonitorConnectionString"] = $"InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint=http://127.0.0.1:{port}/",
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddKeelTelemetry(configuration, "keel-test", prometheus: false);
        await using (var provider = services.BuildServiceProvider())
        {
            var tracing = provider.GetRequiredService<TracerProvider>();
            using (var span = FunctionTelemetry.Source.StartActivity("azure-monitor-export-probe"))
            {
                Assert.NotNull(span);
            }
            tracing.ForceFlush(10_000);
        }

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && !Received(received, "dependencies/duration"))
        {
            await Task.Delay(100);
        }
        listener.Stop();
        await receiving;
        Assert.True(Received(received, "dependencies/duration"), $"received: {string.Join(" | ", received)}");
        Assert.Contains(received, r => r.StartsWith("/v2.1/track", StringComparison.Ordinal)
            && r.Contains("\"iKey\":\"00000000-0000-0000-0000-000000000001\"", StringComparison.Ordinal)
            && r.Contains("\"ai.cloud.role\":\"keel-test\"", StringComparison.Ordinal));
    }

    private static bool Received(List<string> received, string text)
    {
        lock (received)
        {
            return received.Any(r => r.Contains(text, StringComparison.Ordinal));
        }
    }

    private static int FreePort()
    {
        using var socket = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
