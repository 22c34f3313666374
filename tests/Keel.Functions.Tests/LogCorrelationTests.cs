using Keel.Functions;
using Keel.Functions.Composition;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;

namespace Keel.Functions.Tests;

/// <summary>
/// Every Keel app's logs are OpenTelemetry log records (exported wherever its traces go) that name the
/// trace and span they were written in, with the rendered message and the logging scopes.
/// </summary>
public sealed class LogCorrelationTests
{
    [Fact]
    public async Task A_log_written_in_a_span_carries_its_trace_and_span_ids_and_the_rendered_message()
    {
        var records = new List<Captured>();
        var services = new ServiceCollection().AddLogging();
        services.AddKeelTelemetry(new ConfigurationBuilder().Build(), "keel-test", prometheus: false);
        // A second exporter on the same log pipeline, to see what the configured exporters are given.
        services.AddOpenTelemetry().WithLogging(logging => logging.AddProcessor(new Capture(records)));
        await using var provider = services.BuildServiceProvider();
        // Without a host nothing starts the providers: resolving them does, as the host's start would.
        _ = provider.GetRequiredService<TracerProvider>();
        var logger = provider.GetRequiredService<ILogger<LogCorrelationTests>>();

        string traceId, spanId;
        using (var span = FunctionTelemetry.Source.StartActivity("log-correlation-probe"))
        {
            Assert.NotNull(span);
            traceId = span.TraceId.ToHexString();
            spanId = span.SpanId.ToHexString();
            using (logger.BeginScope(new Dictionary<string, object> { ["handler"] = "Probe" }))
            {
                logger.LogWarning("Probe {Number} inside the span", 7);
            }
        }
        logger.LogWarning("Probe outside any span");
        provider.GetRequiredService<LoggerProvider>().ForceFlush(5_000);

        var inside = Assert.Single(records, r => r.FormattedMessage == "Probe 7 inside the span");
        Assert.Equal(traceId, inside.TraceId.ToHexString());
        Assert.Equal(spanId, inside.SpanId.ToHexString());
        Assert.Contains(new KeyValuePair<string, object?>("handler", "Probe"), inside.Scopes);
        var outside = Assert.Single(records, r => r.FormattedMessage == "Probe outside any span");
        Assert.Equal(default, outside.TraceId);
    }

    private sealed record Captured(string? FormattedMessage, System.Diagnostics.ActivityTraceId TraceId, System.Diagnostics.ActivitySpanId SpanId, List<KeyValuePair<string, object?>> Scopes);

    /// <summary>Copies what a log record carries when it is finished (records are pooled and reused afterwards).</summary>
    private sealed class Capture(List<Captured> records) : BaseProcessor<LogRecord>
    {
        public override void OnEnd(LogRecord data)
        {
            var scopes = new List<KeyValuePair<string, object?>>();
            data.ForEachScope((scope, list) =>
            {
                foreach (var item in scope)
                {
                    list.Add(item);
                }
            }, scopes);
            lock (records)
            {
                records.Add(new Captured(data.FormattedMessage, data.TraceId, data.SpanId, scopes));
            }
        }
    }
}
