using CloudNative.CloudEvents;
using Confluent.Kafka;
using Keel.Events.Messaging;
using Keel.Storage;
using Microsoft.Extensions.Options;

namespace Keel.Kafka.Tests;

/// <summary>
/// One embedded cluster (its own mock brokers on loopback), the real publisher, a topic of its
/// own and a scratch directory for ledgers: everything a test needs, torn down with it.
/// </summary>
public sealed class KafkaTestBed : IAsyncDisposable
{
    private readonly List<KafkaConsumerService> _services = [];
    private readonly string _directory;

    private KafkaTestBed(KafkaConnection connection, LogLines logs, string topic)
    {
        Connection = connection;
        Logs = logs;
        Topic = topic;
        Publisher = new KafkaEventPublisher(connection, logs.For<KafkaEventPublisher>());
        _directory = Path.Combine(Path.GetTempPath(), "keel-kafka-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    public KafkaConnection Connection { get; }

    public EmbeddedKafkaCluster Cluster => Connection.Embedded!;

    public KafkaEventPublisher Publisher { get; }

    public LogLines Logs { get; }

    public string Topic { get; }

    public string DeadLetterTopic => Keel.Events.KeelTopics.DeadLetterOf(Topic);

    /// <summary>Quick retries and small batches, so failure paths run in milliseconds.</summary>
    public static KafkaTestBed Start(Action<KafkaOptions>? configure = null, int partitions = 6)
    {
        var topic = "test." + Guid.NewGuid().ToString("N")[..8];
        var options = new KafkaOptions
        {
            EmbeddedRebalanceDelay = TimeSpan.FromMilliseconds(10),
            Consumer = new KafkaConsumerOptions
            {
                MaxBatchSize = 100,
                MaxBatchWait = TimeSpan.FromMilliseconds(50),
                MaxAttempts = 3,
                InitialBackoff = TimeSpan.FromMilliseconds(10),
                MaxBackoff = TimeSpan.FromMilliseconds(100),
                ShutdownTimeout = TimeSpan.FromSeconds(20),
            },
            Producer = new KafkaProducerOptions { FlushTimeout = TimeSpan.FromSeconds(10) },
            Properties =
            {
                // A broker that comes back is found again within half a second.
                ["reconnect.backoff.max.ms"] = "500",
                // The mock coordinator reassigns a leaver's partitions a session timeout (less 1 s) later.
                ["session.timeout.ms"] = "2000",
                ["heartbeat.interval.ms"] = "400",
            },
        };
        options.Topics[topic] = new KafkaTopicOptions { Partitions = partitions };
        configure?.Invoke(options);
        var logs = new LogLines();
        var connection = new KafkaConnection(Options.Create(options), logs.For<KafkaConnection>());
        return new KafkaTestBed(connection, logs, topic);
    }

    /// <summary>A ledger in this test's directory; the same name gives the same file, as after a restart.</summary>
    public IEventLedger Ledger(string name = "ledger") => new SqliteEventLedger(Path.Combine(_directory, name + ".db"));

    public KafkaEventConsumer Consumer(IEventBatchHandler handler, string? groupId = null, KafkaConsumerOptions? settings = null) =>
        new(Connection, Publisher, handler, Topic, groupId, settings, Logs.For<KafkaEventConsumer>());

    /// <summary>Starts a consumer as a host would; disposing the bed stops whatever is still running.</summary>
    public async Task<KafkaConsumerService> StartAsync(IEventBatchHandler handler, string? groupId = null, KafkaConsumerOptions? settings = null)
    {
        var service = new KafkaConsumerService(Consumer(handler, groupId, settings));
        _services.Add(service);
        await service.StartAsync(CancellationToken.None);
        return service;
    }

    public Task PublishAsync(IReadOnlyList<CloudEvent> events) => Publisher.PublishAsync(Topic, events, CancellationToken.None);

    /// <summary>Every message on a topic, read by a plain consumer in a fresh group, once the expected count arrived.</summary>
    public List<ConsumeResult<string, byte[]>> ReadAll(string topic, int expected, TimeSpan timeout)
    {
        var config = Connection.CreateConsumerConfig("reader-" + Guid.NewGuid().ToString("N"));
        using var consumer = new ConsumerBuilder<string, byte[]>(config).SetLogHandler((_, _) => { }).Build();
        consumer.Subscribe(topic);
        var messages = new List<ConsumeResult<string, byte[]>>();
        var deadline = DateTime.UtcNow + timeout;
        while (messages.Count < expected && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { } result)
            {
                messages.Add(result);
            }
        }
        consumer.Close();
        return messages;
    }

    /// <summary>Messages the topic's partitions hold now, from their high watermarks.</summary>
    public long MessagesIn(string topic)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(Connection.CreateConsumerConfig("watermarks")).SetLogHandler((_, _) => { }).Build();
        using var admin = new AdminClientBuilder(Connection.CreateAdminConfig()).SetLogHandler((_, _) => { }).Build();
        var partitions = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions;
        return partitions.Sum(p => consumer.QueryWatermarkOffsets(new TopicPartition(topic, p.PartitionId), TimeSpan.FromSeconds(10)).High.Value);
    }

    /// <summary>Stops every consumer started so far, gracefully, and waits until each has left its group.</summary>
    public async Task StopConsumersAsync()
    {
        using var stopped = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        foreach (var service in _services)
        {
            await service.StopAsync(stopped.Token);
            // The loop must have left the group before its cluster goes away.
            await (service.ExecuteTask ?? Task.CompletedTask).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            service.Dispose();
        }
        _services.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        await StopConsumersAsync();
        Publisher.Dispose();
        Connection.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A scratch file still held open is left to the temp directory's cleaning.
        }
    }
}
