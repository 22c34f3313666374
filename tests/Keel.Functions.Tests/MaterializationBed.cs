using CloudNative.CloudEvents;
using Keel.Events;
using Keel.Events.Messaging;
using Keel.Features.Offline;
using Keel.Features.Online;
using Keel.Features.Registry;
using Keel.Features.Repository;
using Keel.Functions.Composition;
using Keel.Functions.Handlers;
using Keel.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Keel.Functions.Tests;

/// <summary>
/// The real materialization path without the HTTP host: the embedded Kafka cluster, the real
/// MaterializeFeatures handler and real stores in a temporary data directory, with consumers the
/// test starts, stops and aborts itself.
/// </summary>
public sealed class MaterializationBed : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly string _dataDir;
    private readonly List<(KafkaEventConsumer Consumer, Task Run, CancellationTokenSource Stop, CancellationTokenSource Abort)> _running = [];

    private MaterializationBed(ServiceProvider services, string dataDir)
    {
        _services = services;
        _dataDir = dataDir;
    }

    public KafkaConnection Kafka => _services.GetRequiredService<KafkaConnection>();

    public IEventPublisher Publisher => _services.GetRequiredService<IEventPublisher>();

    public IOfflineStore Offline => _services.GetRequiredService<IOfflineStore>();

    public IOnlineStore Online => _services.GetRequiredService<IOnlineStore>();

    public MaterializeFeatures Handler => _services.GetRequiredService<MaterializeFeatures>();

    public IServiceProvider Services => _services;

    public static async Task<MaterializationBed> StartAsync()
    {
        var dataDir = Directory.CreateTempSubdirectory("keel-materialize-").FullName;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Keel:DataDir"] = dataDir,
            ["Keel:Kafka:EmbeddedRebalanceDelay"] = "00:00:00.010",
            ["Keel:Kafka:Consumer:MaxBatchSize"] = "100",
            ["Keel:Kafka:Consumer:MaxBatchWait"] = "00:00:00.050",
            ["Keel:Kafka:Consumer:InitialBackoff"] = "00:00:00.010",
            ["Keel:Kafka:Consumer:MaxBackoff"] = "00:00:00.200",
            ["Keel:Kafka:Properties:reconnect.backoff.max.ms"] = "500",
            ["Keel:Kafka:Properties:session.timeout.ms"] = "2000",
            ["Keel:Kafka:Properties:heartbeat.interval.ms"] = "400",
        }).Build();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .AddKeelFunctions(configuration)
            .BuildServiceProvider();
        await services.GetRequiredService<IFeatureRegistry>().ApplyAsync(TenantName.Default, FeatureRepositoryFile.Parse(TestRepository.Yaml), default);
        return new MaterializationBed(services, dataDir);
    }

    /// <summary>Starts a member of the materialization group running <paramref name="handler"/>.</summary>
    public KafkaEventConsumer Start(IEventBatchHandler handler)
    {
        var consumer = new KafkaEventConsumer(Kafka, Publisher, handler, KeelTopics.Records, "keel-materialize-features",
            logger: _services.GetRequiredService<ILogger<KafkaEventConsumer>>());
        var stop = new CancellationTokenSource();
        var abort = new CancellationTokenSource();
        _running.Add((consumer, consumer.RunAsync(stop.Token, abort.Token), stop, abort));
        return consumer;
    }

    /// <summary>Kills a consumer the way a crash would: the batch in flight is not committed.</summary>
    public async Task AbortAsync(KafkaEventConsumer consumer)
    {
        var entry = _running.Single(r => r.Consumer == consumer);
        entry.Abort.Cancel();
        await entry.Run.WaitAsync(TimeSpan.FromSeconds(30));
        _running.Remove(entry);
    }

    public static IReadOnlyList<CloudEvent> Events(int count, int entities, DateTimeOffset start)
    {
        var events = new List<CloudEvent>(count);
        for (var i = 0; i < count; i++)
        {
            var loan = "L" + (i % entities);
            var json = TestRepository.Record("evt-" + i, loan, amount: i, income: 1000 + i, defaulted: i % 3 == 0, start.AddSeconds(i));
            events.Add(CloudEventCodec.Default.Decode(System.Text.Encoding.UTF8.GetBytes(json.ToJsonString())).Event!);
        }
        return events;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (_, run, stop, abort) in _running)
        {
            stop.Cancel();
            abort.CancelAfter(TimeSpan.FromSeconds(10));
            try
            {
                await run.WaitAsync(TimeSpan.FromSeconds(30));
            }
            catch (OperationCanceledException)
            {
                // Aborted on purpose at the end of the test.
            }
        }
        await _services.DisposeAsync();
        Directory.Delete(_dataDir, recursive: true);
    }
}
