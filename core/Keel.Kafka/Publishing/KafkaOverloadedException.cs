using Keel.Events.Messaging;

namespace Keel.Kafka;

/// <summary>
/// The producer's bounded local queue stayed full for longer than the configured wait: the cluster
/// is not taking messages as fast as they arrive. Callers should back off; the HTTP layer answers
/// 429 with <see cref="RetryAfter"/>. Events of the same call that were queued before it may still be delivered.
/// </summary>
public sealed class KafkaOverloadedException(string topic, int queueLimit, TimeSpan retryAfter)
    : OverloadedException($"Kafka producer queue is full ({queueLimit} messages awaiting acknowledgement) while publishing to '{topic}'; retry after {retryAfter.TotalSeconds:0.#} s.", retryAfter)
{
    public string Topic { get; } = topic;
}
