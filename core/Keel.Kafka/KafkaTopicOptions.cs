namespace Keel.Kafka;

/// <summary>How one topic is created.</summary>
public sealed class KafkaTopicOptions
{
    /// <summary>Partitions bound the parallelism of a consumer group, so they are sized per topic.</summary>
    public int Partitions { get; set; }
}
