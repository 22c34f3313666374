using System.Text.Json;
using CloudNative.CloudEvents;
using Confluent.Kafka;
using Keel.Events;

namespace Keel.Serving.Tests;

/// <summary>Reads <c>keel.models</c> from the start as a new consumer group would, each event checked against the catalogue.</summary>
public static class ModelTopic
{
    public static IReadOnlyList<CloudEvent> Read(string bootstrap, string type, TimeSpan quiet)
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
        // Read until nothing more arrives for a while: what matters is how many there are, not only the first.
        var until = DateTime.UtcNow + quiet + TimeSpan.FromSeconds(5);
        while (DateTime.UtcNow < until)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result?.Message is not { } message)
            {
                continue;
            }
            var decoded = CloudEventCodec.Default.Decode(message.Value);
            Assert.True(decoded.IsValid, string.Join("; ", decoded.Problems.Select(p => $"{p.Field}: {p.Message}")));
            if (decoded.Event!.Type == type)
            {
                found.Add(decoded.Event);
                until = DateTime.UtcNow + quiet;
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

    /// <summary>Polls until <paramref name="probe"/> holds, for at most 30 seconds.</summary>
    public static async Task EventuallyAsync(Func<bool> probe, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!probe())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting until {what}");
            await Task.Delay(50);
        }
    }
}
