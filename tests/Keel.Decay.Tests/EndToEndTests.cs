using System.Text;
using System.Text.Json.Nodes;
using Confluent.Kafka;
using Keel.Events;
using Keel.Events.Messaging;
using Keel.Functions.Embedded;
using Keel.Kafka;
using Keel.ModelRegistry;
using Keel.PredictionLog;
using Keel.Storage.Artifacts;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Keel.Decay.Tests;

/// <summary>
/// The embedded platform with its embedded Kafka: predictions on keel.predictions and labels on
/// keel.feedback, consumed by the two TrackDecay functions, end in one decay alert on keel.alerts.
/// </summary>
public sealed class EndToEndTests : IAsyncLifetime
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("keel-decay-platform-").FullName;
    private WebApplication _app = null!;

    public async Task InitializeAsync()
    {
        var builder = EmbeddedPlatform.CreateBuilder(new EmbeddedPlatformOptions
        {
            Port = 0,
            DataDir = _dataDir,
            Settings = new Dictionary<string, string?> { ["Keel:Kafka:Consumer:MaxBatchWait"] = "00:00:00.050" },
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        _app = EmbeddedPlatform.Build(builder);
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDir, recursive: true);
    }

    [Fact]
    public async Task A_degraded_stream_through_kafka_raises_one_decay_alert()
    {
        var registry = _app.Services.GetRequiredService<IModelRegistry>();
        var artifact = await _app.Services.GetRequiredService<IArtifactStore>().PutAsync(new MemoryStream("model"u8.ToArray()), "application/octet-stream", default);
        await registry.GetOrCreateModelAsync("acme", new NewRegisteredModel("credit", "risk-team"), default);
        var lineage = new Lineage { DatasetSnapshotHash = new string('a', 64), TrainingSpecHash = new string('b', 64), CodeVersion = "test" };
        await registry.CreateVersionAsync("acme", "credit", new NewModelVersion(artifact.Sha256, lineage) { Metrics = Streams.Holdout() }, "alice", default);

        var publisher = _app.Services.GetRequiredService<IEventPublisher>();
        var stream = Streams.Flipped(Streams.Calibrated(400, seed: 7));
        var now = DateTimeOffset.UtcNow;
        var predictions = stream.Select((s, i) => PredictionEvents.Create(new PredictionRecord($"p-{i}", "acme", "credit", 1, "champion", null,
            new Dictionary<string, object?>(), new Dictionary<string, string>(), new PredictionOutput(s.Score, null), 1.0) { Time = now })).ToArray();
        var labels = stream.Select((s, i) => FeedbackEvents.Create("acme", $"p-{i}", s.Positive, now)).ToArray();
        // Labels first for half the stream: they wait for their predictions.
        await publisher.PublishAsync(KeelTopics.Feedback, labels[..200], default);
        await publisher.PublishAsync(KeelTopics.Predictions, predictions, default);
        await publisher.PublishAsync(KeelTopics.Feedback, labels[200..], default);
        // Redelivered: changes nothing.
        await publisher.PublishAsync(KeelTopics.Feedback, labels[..50], default);

        var alerts = Read(_app.Services.GetRequiredService<KafkaConnection>().BootstrapServers, KeelTopics.Alerts, TimeSpan.FromSeconds(60));

        var alert = JsonNode.Parse(Assert.Single(alerts))!;
        Assert.Equal(KeelEventTypes.DecayDetected, (string?)alert["type"]);
        Assert.Equal("acme", (string?)alert["tenant"]);
        var degraded = alert["data"]!["degraded"]!.AsArray().Select(d => (string)d!["metric"]!).ToArray();
        Assert.Contains("auc", degraded);
        Assert.Contains("accuracy", degraded);
    }

    /// <summary>Every message on the topic until the deadline, or until a quiet spell after the first.</summary>
    private static List<string> Read(string bootstrap, string topic, TimeSpan timeout)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "alerts-reader-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        };
        using var consumer = new ConsumerBuilder<byte[]?, byte[]>(config).Build();
        consumer.Subscribe(topic);
        var messages = new List<string>();
        var deadline = DateTime.UtcNow + timeout;
        DateTime? quietUntil = null;
        while (DateTime.UtcNow < deadline && (quietUntil is null || DateTime.UtcNow < quietUntil))
        {
            ConsumeResult<byte[]?, byte[]>? result;
            try
            {
                result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            }
            catch (ConsumeException e) when (e.Error.Code == ErrorCode.UnknownTopicOrPart)
            {
                // The topic exists once the first alert is published.
                continue;
            }
            if (result?.Message is { } message)
            {
                messages.Add(Encoding.UTF8.GetString(message.Value));
                // Long enough for the rest of the labels to be handled and any second alert to appear.
                quietUntil = DateTime.UtcNow + TimeSpan.FromSeconds(5);
            }
        }
        consumer.Close();
        return messages;
    }
}
