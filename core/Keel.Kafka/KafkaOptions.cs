using Keel.Events;

namespace Keel.Kafka;

/// <summary>
/// How Keel reaches Kafka, bound from <c>Keel:Kafka</c> (environment <c>KEEL__KAFKA__…</c>).
/// Everything has an embedded default: with no <see cref="BootstrapServers"/> Keel starts
/// librdkafka's mock cluster in-process and the same producer and consumer code runs against it.
/// </summary>
public sealed class KafkaOptions
{
    public const string SectionName = "Keel:Kafka";

    /// <summary>A real cluster's bootstrap list (<c>host:port,…</c>); null or empty starts the embedded cluster.</summary>
    public string? BootstrapServers { get; set; }

    /// <summary>Brokers of the embedded cluster; three so partitions have followers and a broker can be taken down.</summary>
    public int EmbeddedBrokers { get; set; } = 3;

    /// <summary>
    /// How long the embedded cluster's group coordinator waits for more members before the first
    /// assignment. Kafka's default of 3 s would delay every start of <c>keel up</c> and every test.
    /// </summary>
    public TimeSpan EmbeddedRebalanceDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Partitions of a topic not listed in <see cref="Topics"/>.</summary>
    public int DefaultPartitions { get; set; } = 6;

    /// <summary>
    /// Replicas per partition of the topics Keel creates. Null means 3 on the embedded cluster
    /// (capped at its broker count) and the broker's own default on a real cluster.
    /// </summary>
    public short? ReplicationFactor { get; set; }

    /// <summary>
    /// Topics created at start with their partition counts; each one's <c>.dlq</c> sibling is created
    /// too. Topics used later but not listed here are created on first use with <see cref="DefaultPartitions"/>.
    /// </summary>
    public Dictionary<string, KafkaTopicOptions> Topics { get; set; } = new(StringComparer.Ordinal)
    {
        [KeelTopics.Records] = new KafkaTopicOptions { Partitions = 6 },
    };

    /// <summary>Names this process in broker logs and quotas.</summary>
    public string ClientId { get; set; } = "keel";

    /// <summary>
    /// librdkafka properties passed unchanged to every producer, consumer and admin client, for what
    /// Keel has no option of its own (SASL, TLS, socket tuning). Delivery guarantees cannot be weakened here.
    /// </summary>
    public Dictionary<string, string> Properties { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How long topic metadata and creation requests to a real cluster may take.</summary>
    public TimeSpan AdminTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public KafkaConsumerOptions Consumer { get; set; } = new();

    public KafkaProducerOptions Producer { get; set; } = new();

    public KafkaBackpressureOptions Backpressure { get; set; } = new();

    public bool IsEmbedded => string.IsNullOrWhiteSpace(BootstrapServers);

    /// <summary>The partition count a topic gets when Keel creates it.</summary>
    public int PartitionsOf(string topic)
    {
        if (Topics.TryGetValue(topic, out var configured) && configured.Partitions > 0)
        {
            return configured.Partitions;
        }
        // A dead-letter topic not configured on its own mirrors its source topic.
        if (topic.EndsWith(KeelTopics.DeadLetterSuffix, StringComparison.Ordinal)
            && Topics.TryGetValue(topic[..^KeelTopics.DeadLetterSuffix.Length], out var source) && source.Partitions > 0)
        {
            return source.Partitions;
        }
        return DefaultPartitions;
    }
}
