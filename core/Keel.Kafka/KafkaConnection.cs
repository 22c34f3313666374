using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Keel.Kafka;

/// <summary>
/// The one place that decides which cluster Keel talks to. With a configured bootstrap list it is
/// that cluster; without one it starts the embedded mock cluster. Either way it makes sure the
/// topics exist with their configured partition counts and hands out the client configurations,
/// so producers and consumers are built the same way for both.
/// </summary>
public sealed class KafkaConnection : IDisposable
{
    private const int EmbeddedSessionTimeoutMs = 6000;

    private readonly ILogger _logger;
    private readonly KafkaTopicProvisioner _topics;

    public KafkaConnection(IOptions<KafkaOptions> options, ILogger<KafkaConnection>? logger = null)
    {
        Options = options.Value;
        _logger = logger ?? NullLogger<KafkaConnection>.Instance;
        Validate(Options);

        if (Options.IsEmbedded)
        {
            Embedded = new EmbeddedKafkaCluster(Options.EmbeddedBrokers, Options.EmbeddedRebalanceDelay);
            BootstrapServers = Embedded.BootstrapServers;
            _logger.LogInformation("Kafka bootstrap: {BootstrapServers} (embedded mock cluster, {Brokers} brokers)", BootstrapServers, Options.EmbeddedBrokers);
        }
        else
        {
            BootstrapServers = Options.BootstrapServers!.Trim();
            _logger.LogInformation("Kafka bootstrap: {BootstrapServers} (configured cluster)", BootstrapServers);
        }

        _topics = new KafkaTopicProvisioner(this, _logger);
        try
        {
            _topics.Ensure(Options.Topics.Keys);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public KafkaOptions Options { get; }

    public string BootstrapServers { get; }

    public bool IsEmbedded => Embedded is not null;

    /// <summary>The in-process cluster when no bootstrap servers are configured, for fault injection in tests; otherwise null.</summary>
    public EmbeddedKafkaCluster? Embedded { get; }

    /// <summary>
    /// Makes sure a topic and its dead-letter topic exist, creating them with their configured
    /// partition counts. Cheap after the first call for a topic.
    /// </summary>
    public void EnsureTopic(string topic) => _topics.Ensure([topic]);

    /// <summary>An idempotent producer that waits for all in-sync replicas: nothing acknowledged is lost or duplicated.</summary>
    public ProducerConfig CreateProducerConfig()
    {
        var config = new ProducerConfig(Base())
        {
            LingerMs = Options.Producer.LingerMs,
            QueueBufferingMaxMessages = Options.Producer.QueueBufferingMaxMessages,
            MessageTimeoutMs = (int)Options.Producer.DeliveryTimeout.TotalMilliseconds,
            // Java's partitioner, so a key lands in the same partition whichever client produced it.
            Partitioner = Partitioner.Murmur2Random,
            // Only the outcome is needed from a delivery report, not the message copied back.
            DeliveryReportFields = "status",
        };
        config.Set("compression.type", Options.Producer.Compression);
        // The guarantees are set last so that extra properties cannot weaken them.
        config.EnableIdempotence = true;
        config.Acks = Acks.All;
        return config;
    }

    /// <summary>A group member that commits only what its handler finished, from the earliest offset for a new group.</summary>
    public ConsumerConfig CreateConsumerConfig(string groupId)
    {
        var config = new ConsumerConfig(Base())
        {
            AutoOffsetReset = AutoOffsetReset.Earliest,
        };
        if (IsEmbedded)
        {
            // The mock coordinator, unlike a broker, waits a session timeout (less 1 s) after a member
            // leaves before it reassigns partitions. A short session keeps a restart of `keel up` or a
            // replaced consumer quick; on loopback there is no network for it to be too short for.
            config.SessionTimeoutMs ??= EmbeddedSessionTimeoutMs;
            config.HeartbeatIntervalMs ??= EmbeddedSessionTimeoutMs / 5;
        }
        config.GroupId = groupId;
        config.EnableAutoCommit = false;
        config.EnableAutoOffsetStore = false;
        config.EnablePartitionEof = false;
        return config;
    }

    public AdminClientConfig CreateAdminConfig() => new(Base());

    public void Dispose()
    {
        _topics?.Dispose();
        Embedded?.Dispose();
    }

    private Dictionary<string, string> Base()
    {
        return new Dictionary<string, string>(Options.Properties, StringComparer.Ordinal)
        {
            ["bootstrap.servers"] = BootstrapServers,
            ["client.id"] = Options.ClientId,
        };
    }

    private static void Validate(KafkaOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.EmbeddedBrokers, 1, "Keel:Kafka:EmbeddedBrokers");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.DefaultPartitions, 1, "Keel:Kafka:DefaultPartitions");
        foreach (var (topic, settings) in options.Topics)
        {
            if (settings.Partitions < 0)
            {
                throw new ArgumentOutOfRangeException("Keel:Kafka:Topics", $"Topic '{topic}' has {settings.Partitions} partitions; it needs at least 1 (or 0 for the default).");
            }
            if (string.IsNullOrWhiteSpace(topic))
            {
                throw new ArgumentException("Keel:Kafka:Topics has a topic without a name.");
            }
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Consumer.MaxBatchSize, 1, "Keel:Kafka:Consumer:MaxBatchSize");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Consumer.MaxAttempts, 1, "Keel:Kafka:Consumer:MaxAttempts");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Producer.QueueBufferingMaxMessages, 1, "Keel:Kafka:Producer:QueueBufferingMaxMessages");
        if (options.ReplicationFactor is < 1)
        {
            throw new ArgumentOutOfRangeException("Keel:Kafka:ReplicationFactor", "needs at least 1 replica, or no value for the default.");
        }
    }
}
