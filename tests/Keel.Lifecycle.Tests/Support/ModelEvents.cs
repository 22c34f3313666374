using System.Text.Json;
using CloudNative.CloudEvents;
using Confluent.Kafka;
using Keel.Events;

namespace Keel.Lifecycle.Tests.Support;

/// <summary>Reads the <c>keel.models</c> topic of the embedded Kafka cluster as a consumer would, validating each event against the catalogue.</summary>
public static class ModelEvents
{
    public static IReadOnlyList<CloudEvent> ReadDeployed(string bootstrap, string model, int expected, TimeSpan? timeout = null)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "models-reader-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        };
        using var consumer = new ConsumerBuilder<string?, byte[]>(config).Build();
        consumer.Subscribe(KeelTopics.Models);
        var found = new List<CloudEvent>();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (found.Count < expected && DateTime.UtcNow < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result?.Message is not { } message)
            {
                continue;
            }
            var decoded = CloudEventCodec.Default.Decode(message.Value);
            Assert.True(decoded.IsValid, string.Join("; ", decoded.Problems.Select(p => $"{p.Field}: {p.Message}")));
            var cloudEvent = decoded.Event!;
            if (cloudEvent.Type == KeelEventTypes.ModelDeployed && Data(cloudEvent).GetProperty("model").GetString() == model)
            {
                found.Add(cloudEvent);
            }
        }
        consumer.Close();
        return found;
    }

    public static JsonElement Data(CloudEvent cloudEvent) => cloudEvent.Data switch
    {
        JsonElement element => element,
        var other => JsonSerializer.SerializeToElement(other),
    };
}
