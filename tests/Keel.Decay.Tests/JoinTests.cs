using Keel.Decay.Storage;

namespace Keel.Decay.Tests;

/// <summary>Labels joined to predictions by id, in either order, within the horizon, once.</summary>
public sealed class JoinTests : IDisposable
{
    private readonly TrackerBed _bed = new();

    private DateTimeOffset Now => _bed.Clock.Now;

    public void Dispose() => _bed.Dispose();

    [Fact]
    public async Task A_label_after_its_prediction_is_joined()
    {
        await _bed.PredictAsync(TrackerBed.Prediction("p-1", 0.8, Now));
        await _bed.LabelAsync(TrackerBed.Label("p-1", "bad", Now));

        var outcomes = await _bed.OutcomesAsync();
        Assert.Equal(1, outcomes[LabelOutcome.Joined]);
        Assert.Equal(0, outcomes[LabelOutcome.Waiting]);
        var joined = Assert.Single(await _bed.WindowAsync());
        Assert.Equal((0.8, "\"bad\""), (joined.Score, joined.LabelJson));
    }

    [Fact]
    public async Task A_label_before_its_prediction_waits_and_is_joined_when_the_prediction_arrives()
    {
        await _bed.LabelAsync(TrackerBed.Label("p-2", true, Now));
        Assert.Equal(1, (await _bed.OutcomesAsync())[LabelOutcome.Waiting]);
        Assert.Empty(await _bed.WindowAsync());

        await _bed.PredictAsync(TrackerBed.Prediction("p-2", 0.3, Now));

        Assert.Equal(1, (await _bed.OutcomesAsync())[LabelOutcome.Joined]);
        Assert.Equal("true", Assert.Single(await _bed.WindowAsync()).LabelJson);
    }

    [Fact]
    public async Task A_label_that_waits_past_the_horizon_is_counted_expired()
    {
        await _bed.LabelAsync(TrackerBed.Label("p-3", true, Now));

        _bed.Clock.Now += _bed.Options.Horizon + TimeSpan.FromMinutes(1);
        await _bed.Tracker.PruneAsync(CancellationToken.None);
        await _bed.PredictAsync(TrackerBed.Prediction("p-3", 0.3, Now));

        var outcomes = await _bed.OutcomesAsync();
        Assert.Equal(1, outcomes[LabelOutcome.Expired]);
        Assert.Equal(0, outcomes[LabelOutcome.Joined]);
        Assert.Empty(await _bed.WindowAsync());
    }

    [Fact]
    public async Task A_label_for_a_prediction_older_than_the_horizon_is_counted_expired()
    {
        var old = Now - _bed.Options.Horizon - TimeSpan.FromHours(1);
        await _bed.PredictAsync(TrackerBed.Prediction("p-4", 0.9, old));
        await _bed.LabelAsync(TrackerBed.Label("p-4", true, Now), TrackerBed.Label("p-5", false, old));

        Assert.Equal(2, (await _bed.OutcomesAsync())[LabelOutcome.Expired]);
        Assert.Empty(await _bed.WindowAsync());
    }

    [Fact]
    public async Task Waiting_labels_beyond_their_bound_expire_oldest_first()
    {
        _bed.Options.MaxWaitingLabels = 2;
        await _bed.LabelAsync(TrackerBed.Label("w-1", true, Now));
        _bed.Clock.Now += TimeSpan.FromSeconds(1);
        await _bed.LabelAsync(TrackerBed.Label("w-2", true, Now), TrackerBed.Label("w-3", true, Now));
        await _bed.PredictAsync(TrackerBed.Prediction("w-1", 0.9, Now), TrackerBed.Prediction("w-3", 0.9, Now));

        var outcomes = await _bed.OutcomesAsync();
        Assert.Equal(1, outcomes[LabelOutcome.Expired]);
        Assert.Equal(1, outcomes[LabelOutcome.Joined]);
    }

    [Fact]
    public async Task The_same_events_delivered_again_change_nothing()
    {
        var prediction = TrackerBed.Prediction("p-6", 0.7, Now);
        var label = TrackerBed.Label("p-6", "bad", Now);
        await _bed.PredictAsync(prediction);
        await _bed.LabelAsync(label);
        var before = await _bed.OutcomesAsync();

        await _bed.PredictAsync(prediction);
        await _bed.LabelAsync(label, label);

        Assert.Equal(before, await _bed.OutcomesAsync());
        Assert.Single(await _bed.WindowAsync());
    }

    [Fact]
    public async Task A_second_label_for_a_labelled_prediction_is_a_duplicate_and_the_first_stands()
    {
        await _bed.PredictAsync(TrackerBed.Prediction("p-7", 0.7, Now));
        await _bed.LabelAsync(TrackerBed.Label("p-7", "bad", Now));
        await _bed.LabelAsync(TrackerBed.Label("p-7", "good", Now, eventId: "another"));

        Assert.Equal(1, (await _bed.OutcomesAsync())[LabelOutcome.Duplicate]);
        Assert.Equal("\"bad\"", Assert.Single(await _bed.WindowAsync()).LabelJson);
    }

    [Fact]
    public async Task A_shadow_score_gets_the_label_of_the_prediction_it_shadowed()
    {
        await _bed.PredictAsync(
            TrackerBed.Prediction("p-8", 0.7, Now),
            new ObservedPrediction("p-8.challenger", TrackerBed.Tenant, "p-8.challenger", "p-8", TrackerBed.Model, 2, 0.4, Now));
        await _bed.LabelAsync(TrackerBed.Label("p-8", true, Now));

        Assert.Single(await _bed.WindowAsync(version: 1));
        Assert.Equal(0.4, Assert.Single(await _bed.WindowAsync(version: 2)).Score);
        Assert.Equal(1, (await _bed.OutcomesAsync())[LabelOutcome.Joined]);
    }
}
