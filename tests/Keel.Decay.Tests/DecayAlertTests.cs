using System.Text.Json;
using Keel.Decay.Metrics;
using Keel.Decay.Tracking;
using Keel.Events;

namespace Keel.Decay.Tests;

/// <summary>Decay alerts from streams of labelled predictions against the registered holdout metrics.</summary>
public sealed class DecayAlertTests : IDisposable
{
    private readonly TrackerBed _bed = new(baseline: new DecayBaseline(Streams.Holdout(), PositiveClass: "bad"));

    public void Dispose() => _bed.Dispose();

    private async Task SendAsync(LabelledScore[] stream, string prefix)
    {
        // Batches of 50, as a consumer would see them; labels a batch behind their predictions.
        for (var start = 0; start < stream.Length; start += 50)
        {
            var batch = stream.Skip(start).Take(50).Select((s, i) => (Id: $"{prefix}-{start + i}", s)).ToArray();
            await _bed.PredictAsync(batch.Select(b => TrackerBed.Prediction(b.Id, b.s.Score, _bed.Clock.Now)).ToArray());
            await _bed.LabelAsync(batch.Select(b => TrackerBed.Label(b.Id, b.s.Positive ? "bad" : "good", _bed.Clock.Now)).ToArray());
            _bed.Clock.Now += TimeSpan.FromMinutes(1);
        }
    }

    [Fact]
    public async Task Labels_that_match_the_holdout_quality_raise_no_alert()
    {
        await SendAsync(Streams.Calibrated(1500, seed: 2), "ok");

        Assert.Empty(_bed.Published.Events);
    }

    [Fact]
    public async Task A_stream_with_thirty_percent_of_labels_flipped_raises_exactly_one_alert_naming_auc_and_accuracy()
    {
        await SendAsync(Streams.Flipped(Streams.Calibrated(1500, seed: 3)), "flip");

        var (topic, alert) = Assert.Single(_bed.Published.Events);
        Assert.Equal(KeelTopics.Alerts, topic);
        Assert.Equal(KeelEventTypes.DecayDetected, alert.Type);
        Assert.Equal(TrackerBed.Model, alert.Subject);
        var data = (System.Text.Json.Nodes.JsonObject)alert.Data!;
        var degraded = data["degraded"]!.AsArray().Select(d => (string)d!["metric"]!).ToArray();
        Assert.Equal(["accuracy", "auc"], degraded);
        Assert.All(data["degraded"]!.AsArray(), d => Assert.True((double)d!["registered"]! - (double)d["live"]! > 0.05));
        // Raised as soon as the minimum of labels was reached.
        Assert.Equal(DecayJudging.DefaultMinLabels, (int)data["labels"]!);
        var problems = EventCatalog.Default.ValidateData(KeelEventTypes.DecayDetected, JsonSerializer.SerializeToElement(data));
        Assert.Empty(problems);
    }

    [Fact]
    public async Task A_version_alerts_again_after_the_cool_down_or_after_it_recovered()
    {
        var flipped = Streams.Flipped(Streams.Calibrated(600, seed: 4));
        await SendAsync(flipped[..300], "a");
        Assert.Single(_bed.Published.Events);

        _bed.Clock.Now += _bed.Options.Cooldown;
        await SendAsync(flipped[300..350], "b");
        Assert.Equal(2, _bed.Published.Events.Count);

        // A full window of healthy labels: recovered; degrading again alerts at once.
        await SendAsync(Streams.Calibrated(1000, seed: 5), "c");
        Assert.Equal(2, _bed.Published.Events.Count);
        await SendAsync(Streams.Flipped(Streams.Calibrated(1000, seed: 6)), "d");
        Assert.Equal(3, _bed.Published.Events.Count);
    }
}
