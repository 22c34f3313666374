using System.Text;
using CloudNative.CloudEvents;
using Confluent.Kafka;
using Keel.Events;
using Keel.Events.Messaging;
using Keel.Functions.Composition;
using Keel.Functions.Handlers;
using Keel.Kafka;
using Keel.ModelRegistry;
using Keel.PredictionLog;
using Keel.Storage.Artifacts;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Keel.Monitoring.Tests;

/// <summary>
/// DetectDrift as the embedded platform runs it: the embedded Kafka cluster, the real registry and
/// artifact store in a temporary data directory, a registered credit model whose version carries a
/// reference profile, and a member of the DetectDrift consumer group.
/// </summary>
public sealed class DriftBed : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly string _dataDir;
    private readonly CancellationTokenSource _stop = new();
    private Task? _running;

    private DriftBed(ServiceProvider services, string dataDir)
    {
        _services = services;
        _dataDir = dataDir;
    }

    public KafkaConnection Kafka => _services.GetRequiredService<KafkaConnection>();

    public IEventPublisher Publisher => _services.GetRequiredService<IEventPublisher>();

    public IServiceProvider Services => _services;

    public static async Task<DriftBed> StartAsync(int windowRows)
    {
        var dataDir = Directory.CreateTempSubdirectory("keel-drift-").FullName;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Keel:DataDir"] = dataDir,
            ["Keel:Kafka:EmbeddedRebalanceDelay"] = "00:00:00.010",
            ["Keel:Kafka:Consumer:MaxBatchSize"] = "100",
            ["Keel:Kafka:Consumer:MaxBatchWait"] = "00:00:00.050",
            ["Keel:Kafka:Consumer:InitialBackoff"] = "00:00:00.010",
            ["Keel:Kafka:Consumer:MaxBackoff"] = "00:00:00.200",
            ["Keel:Monitoring:Drift:WindowRows"] = windowRows.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).Build();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .AddKeelFunctions(configuration)
            .BuildServiceProvider();
        var bed = new DriftBed(services, dataDir);
        await bed.RegisterAsync(version: 1);
        return bed;
    }

    /// <summary>Registers a version of the credit model with the reference profile registration attaches.</summary>
    public async Task RegisterAsync(int version)
    {
        var registry = _services.GetRequiredService<IModelRegistry>();
        var artifacts = _services.GetRequiredService<IArtifactStore>();
        await registry.GetOrCreateModelAsync(CreditTraffic.Tenant, new NewRegisteredModel(CreditTraffic.Model, "risk-team"), default);
        var onnx = await artifacts.PutAsync(new MemoryStream(Encoding.UTF8.GetBytes("onnx of version " + version)), "application/octet-stream", default);
        var created = await registry.CreateVersionAsync(CreditTraffic.Tenant, CreditTraffic.Model, new NewModelVersion(onnx.Sha256, new Lineage
        {
            DatasetSnapshotHash = onnx.Sha256,
            TrainingSpecHash = onnx.Sha256,
            CodeVersion = "test",
        }), "alice", default);
        var reference = await artifacts.PutAsync(new MemoryStream(Encoding.UTF8.GetBytes(CreditTraffic.Reference().ToJson())), "application/json", default);
        await registry.AttachArtifactAsync(CreditTraffic.Tenant, CreditTraffic.Model, created.Version, ArtifactNames.ReferenceProfile, reference.Sha256, "alice", default);
    }

    public void StartDetectDrift()
    {
        var consumer = new KafkaEventConsumer(Kafka, Publisher, _services.GetRequiredService<DetectDrift>(), KeelTopics.Predictions, "keel-detect-drift",
            logger: _services.GetRequiredService<ILogger<KafkaEventConsumer>>());
        _running = consumer.RunAsync(_stop.Token);
    }

    public Task PublishAsync(IEnumerable<PredictionRecord> records) =>
        Publisher.PublishAsync(KeelTopics.Predictions, records.Select(r => PredictionEvents.Create(r)).ToArray(), default);

    /// <summary>What <c>keel.alerts</c> holds once an alert of <paramref name="type"/> arrived or <paramref name="wait"/> passed.</summary>
    public List<CloudEvent> AlertsUntil(string type, TimeSpan wait) => Read(KeelTopics.Alerts, m => Decode(m).Type == type, wait).Select(Decode).ToList();

    /// <summary>What <c>keel.alerts</c> holds after <paramref name="wait"/>.</summary>
    public List<CloudEvent> AlertsAfter(TimeSpan wait) => Read(KeelTopics.Alerts, _ => false, wait).Select(Decode).ToList();

    private static CloudEvent Decode(Message<byte[]?, byte[]> message) =>
        CloudEventCodec.Default.Decode(message.Value).Event ?? throw new InvalidOperationException("keel.alerts holds an invalid event");

    /// <summary>The reasons of the dead letters of <c>keel.predictions</c>.</summary>
    public List<string> DeadLetterReasons(int expected, TimeSpan wait) => Read(KeelTopics.DeadLetterOf(KeelTopics.Predictions), _ => --expected == 0, wait)
        .Select(m => m.Headers.TryGetLastBytes(DeadLetterHeaders.Reason, out var reason) ? Encoding.UTF8.GetString(reason) : "").ToList();

    private List<Message<byte[]?, byte[]>> Read(string topic, Func<Message<byte[]?, byte[]>, bool> last, TimeSpan wait)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]>(new ConsumerConfig
        {
            BootstrapServers = Kafka.BootstrapServers,
            GroupId = "reader-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        }).Build();
        consumer.Subscribe(topic);
        var messages = new List<Message<byte[]?, byte[]>>();
        var deadline = DateTime.UtcNow + wait;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (consumer.Consume(TimeSpan.FromMilliseconds(200))?.Message is { } message)
                {
                    messages.Add(message);
                    if (last(message))
                    {
                        break;
                    }
                }
            }
            catch (ConsumeException ex) when (ex.Error.Code == ErrorCode.UnknownTopicOrPart)
            {
                // The topic appears with its first event.
            }
        }
        consumer.Close();
        return messages;
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        if (_running is not null)
        {
            try
            {
                await _running.WaitAsync(TimeSpan.FromSeconds(30));
            }
            catch (OperationCanceledException)
            {
                // Stopped on purpose at the end of the test.
            }
        }
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDir, recursive: true);
    }
}
