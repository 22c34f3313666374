namespace Keel.Kafka;

/// <summary>
/// What a consumer loop has done so far: read by tests, and mirrored to the OpenTelemetry
/// counters of <see cref="KafkaMetrics"/> tagged with the topic and consumer group.
/// </summary>
public sealed class KafkaConsumerCounters(string topic, string group)
{
    private readonly System.Diagnostics.TagList _tags = new()
    {
        { "messaging.destination.name", topic },
        { "messaging.consumer.group.name", group },
    };

    private long _eventsHandled;
    private long _deadLettered;
    private long _retries;
    private long _batches;
    private long _commits;
    private long _commitFailures;

    /// <summary>Events the handler accepted (not rejected), counting each delivery.</summary>
    public long EventsHandled => Interlocked.Read(ref _eventsHandled);

    /// <summary>Messages sent to the dead-letter topic and acknowledged there.</summary>
    public long DeadLettered => Interlocked.Read(ref _deadLettered);

    /// <summary>Handler calls repeated after a failure, for a batch or a single event.</summary>
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>Batches completed: handled, dead letters acknowledged, offsets committed (or the commit attempted).</summary>
    public long Batches => Interlocked.Read(ref _batches);

    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>Commits the group refused (usually a rebalance); those events are redelivered.</summary>
    public long CommitFailures => Interlocked.Read(ref _commitFailures);

    internal void Handled(int count)
    {
        Interlocked.Add(ref _eventsHandled, count);
        KafkaMetrics.EventsHandled.Add(count, _tags);
    }

    internal void DeadLetters(int count)
    {
        Interlocked.Add(ref _deadLettered, count);
        KafkaMetrics.DeadLettered.Add(count, _tags);
    }

    internal void Retry()
    {
        Interlocked.Increment(ref _retries);
        KafkaMetrics.Retries.Add(1, _tags);
    }

    internal void Batch()
    {
        Interlocked.Increment(ref _batches);
        KafkaMetrics.Batches.Add(1, _tags);
    }

    internal void Commit() => Interlocked.Increment(ref _commits);

    internal void CommitFailure()
    {
        Interlocked.Increment(ref _commitFailures);
        KafkaMetrics.CommitFailures.Add(1, _tags);
    }
}
