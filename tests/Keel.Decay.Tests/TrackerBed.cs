using System.Text.Json;
using CloudNative.CloudEvents;
using Keel.Decay.Storage;
using Keel.Decay.Tracking;
using Keel.Events.Messaging;

namespace Keel.Decay.Tests;

/// <summary>A tracker over a real SQLite store in a temporary directory, a clock the test moves, and the events it published.</summary>
public sealed class TrackerBed : IDisposable
{
    public const string Tenant = "acme";
    public const string Model = "credit";

    private readonly string _directory = Directory.CreateTempSubdirectory("keel-decay-").FullName;

    public TrackerBed(DecayOptions? options = null, DecayBaseline? baseline = null)
    {
        Options = options ?? new DecayOptions();
        Store = new SqliteDecayStore(Path.Combine(_directory, "decay.db"));
        Tracker = new DecayTracker(Store, new FixedBaselines(baseline), Published, new DecayTelemetry(), Options, Clock);
    }

    public DecayOptions Options { get; }

    public ManualClock Clock { get; } = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public RecordingPublisher Published { get; } = new();

    public SqliteDecayStore Store { get; }

    public DecayTracker Tracker { get; }

    public static ObservedPrediction Prediction(string id, double score, DateTimeOffset at, int version = 1) =>
        new(id, Tenant, id, id, Model, version, score, at);

    public static ObservedLabel Label(string predictionId, object label, DateTimeOffset observedAt, string? eventId = null) =>
        new(eventId ?? "label-" + predictionId, Tenant, predictionId, JsonSerializer.Serialize(label), observedAt);

    public Task PredictAsync(params ObservedPrediction[] predictions) => Tracker.ObserveAsync(predictions, [], CancellationToken.None);

    public Task LabelAsync(params ObservedLabel[] labels) => Tracker.ObserveAsync([], labels, CancellationToken.None);

    public async Task<IReadOnlyDictionary<LabelOutcome, long>> OutcomesAsync() => await Store.LabelOutcomesAsync(Tenant, CancellationToken.None);

    public Task<IReadOnlyList<LabelledPrediction>> WindowAsync(int version = 1) =>
        Store.WindowAsync(new VersionKey(Tenant, Model, version), 10_000, null, CancellationToken.None);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private sealed class FixedBaselines(DecayBaseline? baseline) : IDecayBaselines
    {
        public Task<DecayBaseline?> GetAsync(string tenant, string model, int version, CancellationToken cancellationToken) => Task.FromResult(baseline);
    }
}

public sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>The publisher stand-in for tests of the tracker alone; the end-to-end test uses the embedded Kafka.</summary>
public sealed class RecordingPublisher : IEventPublisher
{
    public List<(string Topic, CloudEvent Event)> Events { get; } = [];

    public Task PublishAsync(string topic, IReadOnlyList<CloudEvent> events, CancellationToken cancellationToken)
    {
        lock (Events)
        {
            Events.AddRange(events.Select(e => (topic, e)));
        }
        return Task.CompletedTask;
    }

    public Task DeadLetterAsync(DeadLetter letter, CancellationToken cancellationToken) => throw new InvalidOperationException("The tracker dead-letters nothing itself.");
}
