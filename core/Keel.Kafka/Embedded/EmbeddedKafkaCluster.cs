using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace Keel.Kafka;

/// <summary>
/// librdkafka's mock Kafka cluster running in this process: real brokers speaking the Kafka
/// protocol on loopback, with partitions, replication, idempotent producers and consumer groups.
/// It is what <c>keel up</c> and the tests talk to when no cluster is configured, through exactly
/// the same Confluent.Kafka clients as a real cluster, and it can inject broker faults.
/// </summary>
public sealed class EmbeddedKafkaCluster : IDisposable
{
    private const int TopicAlreadyExists = 36;
    private const int ErrorBufferSize = 512;

    private readonly Lock _gate = new();
    private IntPtr _owner;
    private IntPtr _cluster;

    public EmbeddedKafkaCluster(int brokers = 3, TimeSpan? groupInitialRebalanceDelay = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokers, 1);
        LibrdkafkaLoader.EnsureRegistered();

        // The mock cluster needs a client handle for its own bookkeeping; it never sends anything.
        var conf = LibrdkafkaNative.rd_kafka_conf_new();
        var error = new byte[ErrorBufferSize];
        Set(conf, "client.id", "keel-embedded-cluster", error);
        Set(conf, "log_level", "3", error);
        _owner = LibrdkafkaNative.rd_kafka_new(LibrdkafkaNative.ProducerType, conf, error, (nuint)error.Length);
        if (_owner == IntPtr.Zero)
        {
            LibrdkafkaNative.rd_kafka_conf_destroy(conf);
            throw new InvalidOperationException("Could not create the client that owns the embedded Kafka cluster: " + LibrdkafkaNative.ReadErrorBuffer(error));
        }

        _cluster = LibrdkafkaNative.rd_kafka_mock_cluster_new(_owner, brokers);
        if (_cluster == IntPtr.Zero)
        {
            LibrdkafkaNative.rd_kafka_destroy(_owner);
            _owner = IntPtr.Zero;
            throw new InvalidOperationException($"Could not start an embedded Kafka cluster with {brokers} brokers.");
        }

        BootstrapServers = Marshal.PtrToStringUTF8(LibrdkafkaNative.rd_kafka_mock_cluster_bootstraps(_cluster))
            ?? throw new InvalidOperationException("The embedded Kafka cluster reported no bootstrap address.");
        // librdkafka numbers mock brokers from 1.
        BrokerIds = Enumerable.Range(1, brokers).ToArray();
        if (groupInitialRebalanceDelay is { } delay)
        {
            SetGroupInitialRebalanceDelay(delay);
        }
    }

    /// <summary>The brokers' loopback addresses, as a client's <c>bootstrap.servers</c>.</summary>
    public string BootstrapServers { get; }

    public IReadOnlyList<int> BrokerIds { get; }

    /// <summary>Creates a topic; one that already exists is left as it is.</summary>
    public void CreateTopic(string name, int partitions, int replicationFactor)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(replicationFactor, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(replicationFactor, BrokerIds.Count);
        var result = LibrdkafkaNative.rd_kafka_mock_topic_create(Cluster(), name, partitions, replicationFactor);
        if (result is not 0 and not TopicAlreadyExists)
        {
            throw Failure($"create topic '{name}'", result);
        }
    }

    /// <summary>Takes a broker off the network: its connections drop and new ones are refused until it is set up.</summary>
    public void SetBrokerDown(int brokerId) => Check(LibrdkafkaNative.rd_kafka_mock_broker_set_down(Cluster(), brokerId), $"set broker {brokerId} down");

    public void SetBrokerUp(int brokerId) => Check(LibrdkafkaNative.rd_kafka_mock_broker_set_up(Cluster(), brokerId), $"set broker {brokerId} up");

    /// <summary>Delays every response of a broker, to simulate a slow or distant broker.</summary>
    public void SetBrokerRoundTripTime(int brokerId, TimeSpan rtt) =>
        Check(LibrdkafkaNative.rd_kafka_mock_broker_set_rtt(Cluster(), brokerId, (int)rtt.TotalMilliseconds), $"set broker {brokerId} round-trip time");

    /// <summary>Moves a partition's leadership, as a controller does after a broker failure.</summary>
    public void SetPartitionLeader(string topic, int partition, int brokerId) =>
        Check(LibrdkafkaNative.rd_kafka_mock_partition_set_leader(Cluster(), topic, partition, brokerId), $"move leader of {topic}[{partition}] to broker {brokerId}");

    /// <summary>Makes the next requests of one Kafka API (by API key, e.g. 0 = Produce, 8 = OffsetCommit) fail with these errors, in order.</summary>
    public void PushRequestErrors(short apiKey, params ErrorCode[] errors)
    {
        var codes = errors.Select(e => (int)e).ToArray();
        LibrdkafkaNative.rd_kafka_mock_push_request_errors_array(Cluster(), apiKey, (nuint)codes.Length, codes);
    }

    public void ClearRequestErrors(short apiKey) => LibrdkafkaNative.rd_kafka_mock_clear_request_errors(Cluster(), apiKey);

    public void SetGroupInitialRebalanceDelay(TimeSpan delay) =>
        LibrdkafkaNative.rd_kafka_mock_group_initial_rebalance_delay_ms(Cluster(), (int)delay.TotalMilliseconds);

    public void Dispose()
    {
        lock (_gate)
        {
            if (_cluster != IntPtr.Zero)
            {
                LibrdkafkaNative.rd_kafka_mock_cluster_destroy(_cluster);
                _cluster = IntPtr.Zero;
            }
            if (_owner != IntPtr.Zero)
            {
                LibrdkafkaNative.rd_kafka_destroy(_owner);
                _owner = IntPtr.Zero;
            }
        }
    }

    private IntPtr Cluster()
    {
        var cluster = _cluster;
        ObjectDisposedException.ThrowIf(cluster == IntPtr.Zero, this);
        return cluster;
    }

    private static void Set(IntPtr conf, string name, string value, byte[] error)
    {
        if (LibrdkafkaNative.rd_kafka_conf_set(conf, name, value, error, (nuint)error.Length) != LibrdkafkaNative.ConfOk)
        {
            LibrdkafkaNative.rd_kafka_conf_destroy(conf);
            throw new InvalidOperationException($"librdkafka rejected {name}={value}: {LibrdkafkaNative.ReadErrorBuffer(error)}");
        }
    }

    private static void Check(int result, string action)
    {
        if (result != 0)
        {
            throw Failure(action, result);
        }
    }

    private static InvalidOperationException Failure(string action, int error) =>
        new($"Embedded Kafka cluster could not {action}: {LibrdkafkaNative.ErrorText(error)}");
}
