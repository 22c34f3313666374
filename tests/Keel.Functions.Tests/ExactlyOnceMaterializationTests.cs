using Keel.Events;
using Keel.Features.Offline;
using Keel.Features.Repository;

namespace Keel.Functions.Tests;

/// <summary>
/// N record events end up materialized exactly once in effect — as many offline rows as events,
/// as many online entities as entities, each holding its latest value — whatever goes wrong in
/// between: a broker down, a handler failing half way, a consumer killed mid-batch.
/// </summary>
public sealed class ExactlyOnceMaterializationTests
{
    private const int Events = 1200;
    private const int Entities = 150;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private static readonly DateTimeOffset Start = DateTimeOffset.UtcNow.AddHours(-2);

    [Fact]
    public async Task A_broker_set_down_mid_stream_and_back_up_loses_and_duplicates_nothing()
    {
        await using var bed = await MaterializationBed.StartAsync();
        var events = MaterializationBed.Events(Events, Entities, Start);
        bed.Start(bed.Handler);
        await bed.Publisher.PublishAsync(KeelTopics.Records, events.Take(Events / 2).ToArray(), default);

        bed.Kafka.Embedded!.SetBrokerDown(2);
        var rest = bed.Publisher.PublishAsync(KeelTopics.Records, events.Skip(Events / 2).ToArray(), default);
        await Task.Delay(1500);
        bed.Kafka.Embedded.SetBrokerUp(2);
        await rest.WaitAsync(Patience);

        await AssertMaterializedOnceAsync(bed);
    }

    [Fact]
    public async Task A_handler_that_fails_half_way_on_first_attempts_is_retried_without_duplicates()
    {
        await using var bed = await MaterializationBed.StartAsync();
        var faulty = new FaultyHandler(bed.Handler) { FailFirstAttempt = id => int.Parse(id[4..]) % 7 == 0 };
        bed.Start(faulty);

        await bed.Publisher.PublishAsync(KeelTopics.Records, MaterializationBed.Events(Events, Entities, Start), default);

        await AssertMaterializedOnceAsync(bed);
        Assert.True(faulty.Failures > 0, "no injected failure happened");
        Assert.True(faulty.Redelivered > 0, "nothing was redelivered after the failures");
    }

    [Fact]
    public async Task A_consumer_killed_mid_batch_and_restarted_leaves_no_duplicates()
    {
        await using var bed = await MaterializationBed.StartAsync();
        var hung = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var faulty = new FaultyHandler(bed.Handler) { HangNextBatch = hung };
        var victim = bed.Start(faulty);
        await bed.Publisher.PublishAsync(KeelTopics.Records, MaterializationBed.Events(Events, Entities, Start), default);
        await hung.Task.WaitAsync(Patience);

        await bed.AbortAsync(victim);
        var replacement = new FaultyHandler(bed.Handler);
        bed.Start(replacement);

        await AssertMaterializedOnceAsync(bed);
        Assert.True(replacement.Deliveries > 0);
    }

    private static async Task AssertMaterializedOnceAsync(MaterializationBed bed)
    {
        foreach (var view in new[] { "loan_features", "loan_labels" })
        {
            await Waiting.UntilAsync(() => bed.Offline.CountAsync(TenantName.Default, view, default), n => n >= Events, Patience, $"{view} to hold every event offline");
        }
        // Let any redelivery still in flight land before counting for duplicates.
        await Task.Delay(500);
        Assert.Equal(Events, await bed.Offline.CountAsync(TenantName.Default, "loan_features", default));
        Assert.Equal(Events, await bed.Offline.CountAsync(TenantName.Default, "loan_labels", default));
        Assert.Equal(Entities, await bed.Online.CountAsync(TenantName.Default, "loan_features", default));

        // Every entity holds its latest event: entity i%150 was last written by the highest i.
        var keys = Enumerable.Range(0, Entities).Select(e => "L" + e).ToArray();
        var online = await bed.Online.ReadAsync(TenantName.Default, "loan_features", keys, default);
        for (var e = 0; e < Entities; e++)
        {
            var last = Events - Entities + e;
            Assert.Equal("evt-" + last, online[e]!.EventId);
            Assert.Equal((double)last, online[e]!.Values["amount"]);
        }

        // The offline history has one row per event: a training set over all label rows has no repeats.
        var repository = FeatureRepositoryFile.Parse(TestRepository.Yaml);
        var labels = repository.FeatureViews.Single(v => v.Name == "loan_labels");
        var features = repository.FeatureViews.Single(v => v.Name == "loan_features");
        var set = await bed.Offline.GetTrainingSetAsync(TenantName.Default,
            new ViewSelection(labels, "v", ["defaulted"]), [new ViewSelection(features, "v", ["amount"])], default);
        Assert.Equal(Events, set.RowCount);
        Assert.Equal(Events, set.EntityKeys.Zip(set.Timestamps).Distinct().Count());
        var amounts = set.Column(FeatureFrame.ColumnName("loan_features", "amount")).Values;
        Assert.All(amounts, a => Assert.IsType<double>(a));
    }
}
