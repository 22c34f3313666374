using System.Diagnostics;
using System.Text.Json.Nodes;
using CloudNative.CloudEvents;
using Keel.Events;
using Keel.Events.Messaging;
using Keel.Features.Online;
using Keel.Features.Registry;
using Keel.Features.Repository;
using Keel.Functions.Composition;
using Keel.Functions.Handlers;
using Keel.Ingestion;
using Keel.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Keel.Cli.Bench;

/// <summary>Sizes of <c>keel bench ingest</c>.</summary>
public sealed record IngestBenchOptions(int Records = 100_000, int Entities = 20_000, int BatchSize = 2_000, string? WorkDir = null);

/// <summary>
/// <c>keel bench ingest</c>: how fast record events on the embedded Kafka cluster become online
/// (and offline) features through Keel's consumer loop and MaterializeFeatures, against a plain
/// Confluent.Kafka consumer reading the same messages from the same brokers in the same run.
/// Both start from a topic that already holds every message and include joining their group.
/// </summary>
public static class IngestBenchmark
{
    private const string Tenant = "bench";

    public static async Task<BenchReport> RunAsync(IngestBenchOptions options, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var dataDir = Path.Combine(Path.GetFullPath(options.WorkDir ?? Path.GetTempPath()), "keel-bench-ingest-" + Guid.NewGuid().ToString("N")[..8]);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Keel:DataDir"] = dataDir,
            ["Keel:Kafka:EmbeddedRebalanceDelay"] = "00:00:00.010",
            ["Keel:Kafka:Consumer:MaxBatchSize"] = options.BatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // The whole run is published before it is read: spread it so that no partition of the
            // embedded cluster (5 MiB each) has to drop its head.
            [$"Keel:Kafka:Topics:{KeelTopics.Records}:Partitions"] = "12",
        }).Build();
        await using var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .AddKeelFunctions(configuration)
            .BuildServiceProvider();
        try
        {
            var registry = services.GetRequiredService<IFeatureRegistry>();
            await registry.ApplyAsync(Tenant, Repository(), cancellationToken);
            var kafka = services.GetRequiredService<KafkaConnection>();
            var publisher = services.GetRequiredService<IEventPublisher>();

            progress?.Report($"publishing {options.Records:N0} record events for {options.Entities:N0} entities to {KeelTopics.Records}");
            var publishClock = Stopwatch.StartNew();
            foreach (var chunk in Events(options.Records, options.Entities).Chunk(5_000))
            {
                await publisher.PublishAsync(KeelTopics.Records, chunk, cancellationToken);
            }
            var publishSeconds = publishClock.Elapsed.TotalSeconds;
            EnsureNothingDropped(kafka);

            progress?.Report("baseline: raw Confluent.Kafka consumption of the same messages");
            var raw = RawConsumeBaseline.Run(kafka.BootstrapServers, KeelTopics.Records, options.Records);

            progress?.Report("Keel: consumer loop → MaterializeFeatures → offline (Parquet) and online stores");
            var handler = services.GetRequiredService<MaterializeFeatures>();
            var consumer = new KafkaEventConsumer(kafka, publisher, handler, KeelTopics.Records, "bench-materialize");
            using var stop = new CancellationTokenSource();
            var keelClock = Stopwatch.StartNew();
            var run = consumer.RunAsync(stop.Token);
            while (consumer.Counters.EventsHandled < options.Records)
            {
                if (run.IsCompleted)
                {
                    await run;
                    throw new InvalidOperationException("The consumer stopped before handling every event.");
                }
                await Task.Delay(5, cancellationToken);
            }
            var keelSeconds = keelClock.Elapsed.TotalSeconds;
            stop.Cancel();
            await run;

            var online = await services.GetRequiredService<IOnlineStore>().CountAsync(Tenant, "bench_features", cancellationToken);
            if (online != options.Entities || consumer.Counters.DeadLettered != 0)
            {
                throw new InvalidOperationException($"The run is not valid: {online} online entities of {options.Entities}, {consumer.Counters.DeadLettered} dead-lettered.");
            }

            var keelRate = options.Records / keelSeconds;
            var ratio = keelRate / raw.RecordsPerSecond;
            return new BenchReport
            {
                Name = "ingest",
                Command = "keel bench ingest",
                Parameters = new Dictionary<string, object>
                {
                    ["records"] = options.Records,
                    ["entities"] = options.Entities,
                    ["consumer_batch_size"] = options.BatchSize,
                    ["views"] = 2,
                    ["partitions"] = kafka.Options.PartitionsOf(KeelTopics.Records),
                    ["compression"] = kafka.Options.Producer.Compression,
                },
                Measurements = new Dictionary<string, double>
                {
                    ["keel_records_per_s"] = Math.Round(keelRate),
                    ["raw_consume_records_per_s"] = Math.Round(raw.RecordsPerSecond),
                    ["ratio"] = Math.Round(ratio, 3),
                    ["keel_s"] = Math.Round(keelSeconds, 3),
                    ["raw_consume_s"] = Math.Round(raw.Elapsed.TotalSeconds, 3),
                    ["publish_records_per_s"] = Math.Round(options.Records / publishSeconds),
                    ["batches"] = consumer.Counters.Batches,
                },
                Target = "Keel ingest → online store ≥ 0.5 × raw Confluent.Kafka consumption",
                TargetMet = ratio >= 0.5,
                Notes = "Both read the same pre-published topic from the same embedded brokers and include joining a consumer group. " +
                        "Keel's side decodes and validates each CloudEvent, validates the record against its dataset schema, computes two views " +
                        "(one with a C# ratio transformation), appends them to Parquet with the event-id manifest, upserts the online store and commits offsets.",
            };
        }
        finally
        {
            await services.DisposeAsync();
            if (Directory.Exists(dataDir))
            {
                Directory.Delete(dataDir, recursive: true);
            }
        }
    }

    private static void EnsureNothingDropped(KafkaConnection kafka)
    {
        using var reader = new Confluent.Kafka.ConsumerBuilder<Confluent.Kafka.Ignore, Confluent.Kafka.Ignore>(kafka.CreateConsumerConfig("bench-watermarks")).Build();
        for (var partition = 0; partition < kafka.Options.PartitionsOf(KeelTopics.Records); partition++)
        {
            var watermarks = reader.QueryWatermarkOffsets(new Confluent.Kafka.TopicPartition(KeelTopics.Records, partition), TimeSpan.FromSeconds(10));
            if (watermarks.Low > 0)
            {
                throw new InvalidOperationException($"The embedded cluster dropped the first {watermarks.Low} events of partition {partition} (it keeps 5 MiB a partition); run with fewer --records.");
            }
        }
    }

    private static IEnumerable<CloudEvent> Events(int records, int entities)
    {
        var start = DateTimeOffset.UtcNow.AddDays(-1);
        var random = new Random(7);
        string[] segments = ["retail", "business", "private"];
        for (var i = 0; i < records; i++)
        {
            var entity = (i % entities).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var values = new JsonObject
            {
                ["customer_id"] = entity,
                ["income"] = random.Next(1_000, 9_000),
                ["debt"] = random.Next(0, 5_000),
                ["age"] = random.Next(18, 90),
                ["segment"] = segments[random.Next(segments.Length)],
                ["defaulted"] = random.Next(10) == 0,
            };
            yield return RecordEvents.Create(Tenant, "/bench", "bench-" + i, "bench", entity, start.AddMilliseconds(i), values);
        }
    }

    private static Keel.Features.Definitions.FeatureRepository Repository() => FeatureRepositoryFile.Parse("""
        project: bench
        dataset:
          name: bench
          entity_column: customer_id
          entity_key: customer_id
          label: defaulted
          columns:
            - { name: customer_id, type: string }
            - { name: income, type: int64 }
            - { name: debt, type: int64 }
            - { name: age, type: int64 }
            - { name: segment, type: string }
            - { name: defaulted, type: bool }
        entities:
          - { name: customer, join_key: customer_id }
        feature_views:
          - name: bench_features
            entity: customer
            source: bench
            features:
              - { name: income, type: int64 }
              - { name: debt, type: int64 }
              - { name: age, type: int64 }
              - { name: segment, type: string }
              - { name: debt_to_income, type: double, transform: "ratio(debt, income)" }
          - name: bench_labels
            entity: customer
            source: bench
            features:
              - { name: defaulted, type: bool }
        feature_services:
          - { name: bench_model, features: [bench_features] }
        label_view: bench_labels
        """, "bench repository");
}
