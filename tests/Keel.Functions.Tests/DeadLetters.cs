using System.Text;
using Confluent.Kafka;

namespace Keel.Functions.Tests;

/// <summary>Reads what a dead-letter topic holds, with the reason header of each message.</summary>
internal static class DeadLetters
{
    public static List<(string Reason, string Payload)> Read(string bootstrap, string topic, int expected, TimeSpan? timeout = null)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "dlq-reader-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        };
        using var consumer = new ConsumerBuilder<byte[]?, byte[]>(config).Build();
        consumer.Subscribe(topic);
        var letters = new List<(string, string)>();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (letters.Count < expected && DateTime.UtcNow < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result?.Message is { } message)
            {
                var reason = message.Headers.TryGetLastBytes(Keel.Events.Messaging.DeadLetterHeaders.Reason, out var bytes) ? Encoding.UTF8.GetString(bytes) : "";
                letters.Add((reason, Encoding.UTF8.GetString(message.Value)));
            }
        }
        consumer.Close();
        return letters;
    }
}
