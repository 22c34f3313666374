using System.Diagnostics.Metrics;
using Keel.Decay.Storage;
using Keel.Decay.Tracking;

namespace Keel.Decay.Tests;

/// <summary>The tracker reports each measured metric's holdout value beside its live value, for alert rules to compare.</summary>
public sealed class BaselineTelemetryTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("keel-decay-baseline-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task The_baseline_gauge_carries_the_holdout_values_of_the_metrics_measured_live()
    {
        using var meters = new OwnMeters();
        using var telemetry = new DecayTelemetry(meters);
        var store = new SqliteDecayStore(Path.Combine(_directory, "decay.db"));
        var holdout = new Dictionary<string, double> { ["auc"] = 0.91, ["accuracy"] = 0.84, ["logloss"] = 0.31 };
        var clock = new ManualClock(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var tracker = new DecayTracker(store, new Baselines(new DecayBaseline(holdout, "bad")), new RecordingPublisher(), telemetry, new DecayOptions(), clock);
        (string Id, double Score, string Label)[] rows = [("a", 0.9, "bad"), ("b", 0.2, "good"), ("c", 0.7, "good"), ("d", 0.4, "bad")];

        await tracker.ObserveAsync(rows.Select(r => TrackerBed.Prediction(r.Id, r.Score, clock.Now)).ToArray(), [], CancellationToken.None);
        await tracker.ObserveAsync([], rows.Select(r => TrackerBed.Label(r.Id, r.Label, clock.Now)).ToArray(), CancellationToken.None);

        var observed = Observe(meters);
        Assert.Equal(0.91, observed[("keel.decay.baseline", "auc")]);
        Assert.Equal(0.84, observed[("keel.decay.baseline", "accuracy")]);
        // No live log loss is measured, so its holdout value has nothing to be set against.
        Assert.DoesNotContain(("keel.decay.baseline", "logloss"), observed.Keys);
        Assert.Equal(0.5, observed[("keel.decay.metric", "accuracy")]);
        Assert.Equal(0.75, observed[("keel.decay.metric", "auc")]);
    }

    private static Dictionary<(string Instrument, string Metric), double> Observe(OwnMeters meters)
    {
        var observed = new Dictionary<(string, string), double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == meters)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "metric")
                {
                    observed[(instrument.Name, (string)tag.Value!)] = value;
                }
            }
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return observed;
    }

    /// <summary>Meters of this test alone, told apart from other tests' by their scope.</summary>
    private sealed class OwnMeters : IMeterFactory
    {
        public Meter Create(MeterOptions options)
        {
            options.Scope = this;
            return new Meter(options);
        }

        public void Dispose()
        {
        }
    }

    private sealed class Baselines(DecayBaseline baseline) : IDecayBaselines
    {
        public Task<DecayBaseline?> GetAsync(string tenant, string model, int version, CancellationToken cancellationToken) => Task.FromResult<DecayBaseline?>(baseline);
    }
}
