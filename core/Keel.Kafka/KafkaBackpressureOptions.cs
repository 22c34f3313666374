namespace Keel.Kafka;

/// <summary>When publishers are told to wait because the consumers of a topic are behind.</summary>
public sealed class KafkaBackpressureOptions
{
    /// <summary>
    /// Unread events a partition may hold for a consumer group before publishers get 429.
    /// Unset, it is 5,000 on the embedded cluster — which keeps only 5 MiB per partition and
    /// would otherwise drop what its consumers have not read — and off on a real cluster, whose
    /// retention holds a backlog and whose consumers scale out. 0 turns it off.
    /// </summary>
    public int? MaxLagPerPartition { get; set; }

    /// <summary>How long a measured lag is reused, so busy ingestion does not query the cluster per request.</summary>
    public TimeSpan MeasureInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>What publishers are told to wait before trying again.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(1);

    public const int EmbeddedDefault = 5_000;

    public int EffectiveLimit(bool embedded) => MaxLagPerPartition ?? (embedded ? EmbeddedDefault : 0);
}
