namespace Keel.Kafka;

/// <summary>How the producer batches and how much it may hold locally before it reports overload.</summary>
public sealed class KafkaProducerOptions
{
    /// <summary>How long the producer waits to fill a batch; a few milliseconds buy much larger requests.</summary>
    public int LingerMs { get; set; } = 5;

    /// <summary>
    /// Messages the producer may hold that the cluster has not acknowledged yet. The bound keeps a
    /// slow or unreachable cluster from filling memory; beyond it publishers are told to back off.
    /// </summary>
    public int QueueBufferingMaxMessages { get; set; } = 100_000;

    /// <summary>How long a publish waits for room in a full local queue before it reports overload.</summary>
    public TimeSpan QueueFullTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a message may wait for its acknowledgement (retries included) before its publish
    /// fails. Kafka's default of five minutes rides out a broker restart.
    /// </summary>
    public TimeSpan DeliveryTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Compression of message batches (none, gzip, snappy, lz4, zstd). JSON events shrink several
    /// times, which matters most for the embedded cluster: it keeps only 5 MiB per partition.
    /// </summary>
    public string Compression { get; set; } = "lz4";

    /// <summary>How long disposing the producer waits for messages still in flight to be acknowledged.</summary>
    public TimeSpan FlushTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
