using CloudNative.CloudEvents;

namespace Keel.Events.Messaging;

/// <summary>
/// Publishes events durably: a returned task means every event was acknowledged by the log
/// (acks=all on Kafka), so a caller may report the events as stored.
/// </summary>
public interface IEventPublisher
{
    Task PublishAsync(string topic, IReadOnlyList<CloudEvent> events, CancellationToken cancellationToken);

    /// <summary>Sends what could not be processed to <c>&lt;topic&gt;.dlq</c>, with the reason in headers.</summary>
    Task DeadLetterAsync(DeadLetter letter, CancellationToken cancellationToken);
}
