using Confluent.Kafka;
using Keel.Events;
using Keel.Kafka;
using Keel.Storage;
using Microsoft.Extensions.Options;

namespace Keel.PredictionLog.Tests;

/// <summary>
/// An embedded Kafka cluster (librdkafka's mock brokers on loopback), a scratch data directory and
/// the loggers a test starts on them. Each logger gets its own producer, as a process would, so a
/// second logger on the same directory is a restart.
/// </summary>
public sealed class LogTestBed : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly List<(PredictionLogger Logger, KafkaEventPublisher Publisher)> _loggers = [];

    private LogTestBed(KafkaConnection connection)
    {
        Connection = connection;
        DataDir = Directory.CreateTempSubdirectory("keel-prediction-log-").FullName;
    }

    public KafkaConnection Connection { get; }

    public EmbeddedKafkaCluster Cluster => Connection.Embedded!;

    public string DataDir { get; }

    public LogLines Logs { get; } = new();

    public string SpoolDirectory => Path.Combine(DataDir, "spool", "predictions");

    /// <summary>A short delivery timeout so that publishes during an outage fail and are retried from the spool.</summary>
    public static LogTestBed Start(TimeSpan? deliveryTimeout = null)
    {
        var options = new KafkaOptions
        {
            EmbeddedRebalanceDelay = TimeSpan.FromMilliseconds(10),
            Producer = new KafkaProducerOptions
            {
                DeliveryTimeout = deliveryTimeout ?? TimeSpan.FromSeconds(2),
                FlushTimeout = TimeSpan.FromSeconds(1),
            },
            Properties =
            {
                // A broker that comes back is found again within half a second.
                ["reconnect.backoff.max.ms"] = "500",
            },
        };
        options.Topics[KeelTopics.Predictions] = new KafkaTopicOptions { Partitions = 6 };
        return new LogTestBed(new KafkaConnection(Options.Create(options)));
    }

    /// <summary>A started logger with quick spilling and retries; <paramref name="configure"/> changes its options.</summary>
    public async Task<PredictionLogger> StartLoggerAsync(Action<PredictionLogOptions>? configure = null)
    {
        var logger = Logger(configure);
        await logger.StartAsync(CancellationToken.None);
        return logger;
    }

    public PredictionLogger Logger(Action<PredictionLogOptions>? configure = null)
    {
        var options = new PredictionLogOptions
        {
            SpillAfter = TimeSpan.FromMilliseconds(200),
            InitialRetryBackoff = TimeSpan.FromMilliseconds(100),
            MaxRetryBackoff = TimeSpan.FromMilliseconds(500),
            SegmentBytes = 256 * 1024,
        };
        configure?.Invoke(options);
        var publisher = new KafkaEventPublisher(Connection);
        var logger = new PredictionLogger(publisher, Options.Create(options), Options.Create(new StorageOptions { DataDir = DataDir }), Logs.For<PredictionLogger>());
        _loggers.Add((logger, publisher));
        return logger;
    }

    /// <summary>A process dying: nothing more is sent, its producer goes away, only the disk remains.</summary>
    public async Task CrashAsync(PredictionLogger logger)
    {
        var entry = _loggers.Single(l => ReferenceEquals(l.Logger, logger));
        await logger.DisposeAsync();
        entry.Publisher.Dispose();
        _loggers.Remove(entry);
    }

    public void KafkaDown()
    {
        foreach (var broker in Cluster.BrokerIds)
        {
            Cluster.SetBrokerDown(broker);
        }
    }

    public void KafkaUp()
    {
        foreach (var broker in Cluster.BrokerIds)
        {
            Cluster.SetBrokerUp(broker);
        }
    }

    /// <summary>Every message on the predictions topic, read by a fresh consumer group until <paramref name="expected"/> arrived and a moment passed with no more.</summary>
    public List<ConsumeResult<string, byte[]>> ReadTopic(int expected)
    {
        var config = Connection.CreateConsumerConfig("reader-" + Guid.NewGuid().ToString("N"));
        using var consumer = new ConsumerBuilder<string, byte[]>(config).SetLogHandler((_, _) => { }).Build();
        consumer.Subscribe(KeelTopics.Predictions);
        var messages = new List<ConsumeResult<string, byte[]>>();
        var deadline = DateTime.UtcNow + Patience;
        // Keep reading a little after the expected count, so that duplicates would be seen too.
        DateTime? quietUntil = null;
        while (DateTime.UtcNow < deadline && (quietUntil is null || DateTime.UtcNow < quietUntil))
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { } result)
            {
                messages.Add(result);
            }
            if (messages.Count >= expected && quietUntil is null)
            {
                quietUntil = DateTime.UtcNow.AddSeconds(1);
            }
        }
        consumer.Close();
        return messages;
    }

    public static string IdOf(ConsumeResult<string, byte[]> message) =>
        KafkaMessageHeaders.Get(message.Message.Headers, KafkaMessageHeaders.EventId)!;

    /// <summary>Each model's ids in the order its partition holds them: the order consumers see.</summary>
    public static Dictionary<string, List<int>> NumbersByKey(IEnumerable<ConsumeResult<string, byte[]>> messages) =>
        messages.GroupBy(m => m.Message.Key)
            .ToDictionary(g => g.Key, g => g.OrderBy(m => m.Offset.Value).Select(m => Predictions.Number(IdOf(m))).ToList());

    public string[] SegmentFiles() =>
        Directory.Exists(SpoolDirectory) ? Directory.GetFiles(SpoolDirectory, "segment-*.spool").Order().ToArray() : [];

    public async ValueTask DisposeAsync()
    {
        foreach (var (logger, publisher) in _loggers)
        {
            await logger.DisposeAsync();
            publisher.Dispose();
        }
        Connection.Dispose();
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // Left to the temp directory's cleaning.
        }
    }
}
