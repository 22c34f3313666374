namespace Keel.Kafka;

/// <summary>How a consumer loop batches, retries and stops.</summary>
public sealed class KafkaConsumerOptions
{
    /// <summary>Most events handed to a handler at once; bounds memory and the work redone after a crash.</summary>
    public int MaxBatchSize { get; set; } = 500;

    /// <summary>How long a batch waits to fill after its first message, trading latency for throughput.</summary>
    public TimeSpan MaxBatchWait { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Attempts of a failing batch (and then of each of its events) before an event is dead-lettered.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Wait before the first retry; doubled for each further one.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Cap of the doubling wait between retries.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a graceful stop lets the batch in flight finish (retries included) before it is
    /// abandoned uncommitted, to be redelivered to the next member of the group.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Whether a graceful stop first reads its partitions to the end (bounded by
    /// <see cref="ShutdownTimeout"/>). The embedded cluster lives in the process, so whatever is
    /// left unread when the process exits is gone; the embedded host turns this on for that reason.
    /// </summary>
    public bool DrainOnStop { get; set; }
}
