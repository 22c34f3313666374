using CloudNative.CloudEvents;
using Keel.Events;
using Keel.Events.Messaging;

namespace Keel.Lifecycle.Tests.Support;

/// <summary>
/// The platform's Kafka publisher with one injected fault: announcing <paramref name="version"/> of
/// <paramref name="model"/> fails, as when the broker refuses the write. Everything else reaches Kafka.
/// </summary>
public sealed class FailingModelPublisher(IEventPublisher inner, string model, int version) : IEventPublisher
{
    public int Refused { get; private set; }

    public Task PublishAsync(string topic, IReadOnlyList<CloudEvent> events, CancellationToken cancellationToken)
    {
        if (topic == KeelTopics.Models && events.Any(Matches))
        {
            Refused++;
            throw new InvalidOperationException($"injected fault: the broker refused the deployment of {model} version {version}");
        }
        return inner.PublishAsync(topic, events, cancellationToken);
    }

    public Task DeadLetterAsync(DeadLetter letter, CancellationToken cancellationToken) => inner.DeadLetterAsync(letter, cancellationToken);

    private bool Matches(CloudEvent cloudEvent)
    {
        var data = ModelEvents.Data(cloudEvent);
        return data.GetProperty("model").GetString() == model && data.GetProperty("version").GetInt32() == version;
    }
}
