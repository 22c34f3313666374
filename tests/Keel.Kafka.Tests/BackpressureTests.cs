using Keel.Events.Messaging;

namespace Keel.Kafka.Tests;

/// <summary>
/// Publishers are told to wait while a consumer group is behind, and may go on once it has
/// caught up: the embedded cluster drops what is not read in time, so it must not fill up.
/// </summary>
public sealed class BackpressureTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_group_behind_by_more_than_the_limit_refuses_publishing_until_it_catches_up()
    {
        await using var bed = KafkaTestBed.Start(options =>
        {
            options.Backpressure.MaxLagPerPartition = 5;
            options.Backpressure.MeasureInterval = TimeSpan.Zero;
        }, partitions: 2);
        using var backpressure = new ConsumerLagBackpressure(bed.Connection, [(bed.Topic, "readers")]);
        await backpressure.EnsureCapacityAsync(bed.Topic, default);

        await bed.PublishAsync(TestEvents.Records(40));

        var refused = await Assert.ThrowsAsync<OverloadedException>(() => backpressure.EnsureCapacityAsync(bed.Topic, default).AsTask());
        Assert.Contains("'readers'", refused.Message);
        Assert.True(refused.RetryAfter > TimeSpan.Zero);
        Assert.True(backpressure.MaxPartitionLag(bed.Topic, "readers") > 5);

        var sink = new RecordingHandler("readers");
        await bed.StartAsync(sink, groupId: "readers");
        await Eventually.True(() => backpressure.MaxPartitionLag(bed.Topic, "readers") == 0, Patience, () => "the group to commit everything");

        await backpressure.EnsureCapacityAsync(bed.Topic, default);
    }

    [Fact]
    public void It_is_on_by_default_for_the_embedded_cluster_and_can_be_turned_off()
    {
        var options = new KafkaBackpressureOptions();

        Assert.Equal(KafkaBackpressureOptions.EmbeddedDefault, options.EffectiveLimit(embedded: true));
        Assert.Equal(0, options.EffectiveLimit(embedded: false));
        Assert.Equal(0, new KafkaBackpressureOptions { MaxLagPerPartition = 0 }.EffectiveLimit(embedded: true));
    }
}
