using CloudNative.CloudEvents;
using Keel.Events.Messaging;

namespace Keel.Metering.Tests;

/// <summary>
/// A log that keeps what it is given in order, and can be switched to refuse everything (a broker
/// outage) or to take only part of a publish before failing, as Kafka may.
/// </summary>
internal sealed class RecordingPublisher : IEventPublisher
{
    private readonly List<(string Topic, CloudEvent Event)> _events = [];

    public bool Down { get; set; }

    /// <summary>When set, the next publish keeps this many events and then fails.</summary>
    public int? TakeThenFail { get; set; }

    public IReadOnlyList<CloudEvent> Events
    {
        get
        {
            lock (_events)
            {
                return _events.Select(e => e.Event).ToArray();
            }
        }
    }

    public IReadOnlyList<string> Topics
    {
        get
        {
            lock (_events)
            {
                return _events.Select(e => e.Topic).Distinct().ToArray();
            }
        }
    }

    public Task PublishAsync(string topic, IReadOnlyList<CloudEvent> events, CancellationToken cancellationToken)
    {
        if (Down)
        {
            throw new InvalidOperationException("The log is down.");
        }
        lock (_events)
        {
            if (TakeThenFail is { } taken)
            {
                TakeThenFail = null;
                _events.AddRange(events.Take(taken).Select(e => (topic, e)));
                throw new InvalidOperationException($"Only {taken} events were acknowledged.");
            }
            _events.AddRange(events.Select(e => (topic, e)));
        }
        return Task.CompletedTask;
    }

    public Task DeadLetterAsync(DeadLetter letter, CancellationToken cancellationToken) => Task.CompletedTask;
}
