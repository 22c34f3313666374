using System.Diagnostics;
using CloudNative.CloudEvents;
using Keel.Events;
using Keel.Events.Messaging;
using Keel.Kafka;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Keel.Cli.Tests;

/// <summary>
/// One prediction is one trace: the HTTP request, the online feature read, the model run and the
/// Kafka message of its log event, exported by OpenTelemetry's in-memory exporter; and a consumer
/// of that event goes on in the same trace. The platform is the class's own, so the topic holds
/// this prediction's event alone and the consumer's batch has one parent.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class PredictionTraceTests(SingleVersionFixture served) : IClassFixture<SingleVersionFixture>
{
    [Fact]
    public async Task A_prediction_is_one_trace_from_the_request_to_the_consumer_of_its_log_event()
    {
        var exported = new List<Activity>();
        using (var tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource("Microsoft.AspNetCore", Keel.Serving.ServingTelemetry.SourceName, KafkaTelemetry.SourceName)
            .AddInMemoryExporter(exported)
            .Build())
        {
            var prediction = await served.PredictOkAsync(new { entity = "7" });
            var id = (string)prediction["predictionId"]!;

            var consumed = new TaskCompletionSource<ActivityTraceId>(TaskCreationOptions.RunContinuationsAsynchronously);
            var consumer = new KafkaEventConsumer(served.Service<KafkaConnection>(), served.Service<IEventPublisher>(),
                new TraceOf(id, consumed), KeelTopics.Predictions, "trace-test-" + Guid.NewGuid().ToString("N"));
            using var stop = new CancellationTokenSource();
            var running = consumer.RunAsync(stop.Token);
            var consumerTrace = await consumed.Task.WaitAsync(TimeSpan.FromSeconds(60));
            await stop.CancelAsync();
            await running;
            tracing.ForceFlush();

            var server = exported.Single(a => a.Kind == ActivityKind.Server && a.DisplayName.Contains("/api/predict", StringComparison.Ordinal));
            var trace = exported.Where(a => a.TraceId == server.TraceId).ToArray();
            Assert.Contains(trace, a => a.DisplayName == $"predict {ServedModelFixture.Model}");
            Assert.Contains(trace, a => a.DisplayName == "read features credit_model");
            Assert.Contains(trace, a => a.DisplayName == $"infer {ServedModelFixture.Model}" && Equals(a.GetTagItem("keel.model_version"), 1));
            var create = Assert.Single(trace, a => a.DisplayName == $"create {KeelTopics.Predictions}");
            Assert.Equal(ActivityKind.Producer, create.Kind);
            Assert.Equal(id, create.GetTagItem("messaging.message.id"));
            Assert.Equal(server.TraceId, consumerTrace);
            Assert.Contains(exported, a => a.DisplayName == $"process {KeelTopics.Predictions}" && a.TraceId == server.TraceId && a.ParentSpanId == create.SpanId);
        }
    }

    /// <summary>A consumer that reports the trace it handles the prediction's event in.</summary>
    private sealed class TraceOf(string predictionId, TaskCompletionSource<ActivityTraceId> seen) : IEventBatchHandler
    {
        public string Name => "trace-of";

        public Task<BatchOutcome> HandleAsync(IReadOnlyList<CloudEvent> events, CancellationToken cancellationToken)
        {
            if (events.Any(e => e.Id == predictionId) && Activity.Current is { } current)
            {
                seen.TrySetResult(current.TraceId);
            }
            return Task.FromResult(BatchOutcome.Success);
        }
    }
}
