namespace Keel.Kafka.Tests;

/// <summary>
/// Each consumer reports its group's lag per partition (<c>keel.kafka.consumer.lag</c>): zero once it
/// has handled everything, the unhandled count while its handler keeps failing, and nothing for a
/// partition it gave up.
/// </summary>
public sealed class ConsumerLagTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Lag_is_zero_when_caught_up_grows_while_the_handler_fails_and_goes_when_the_consumer_leaves()
    {
        await using var bed = KafkaTestBed.Start(partitions: 1);
        var group = "lag-" + Guid.NewGuid().ToString("N");
        var failing = false;
        var handler = new RecordingHandler("lag")
        {
            BeforeApply = (_, _, _) => Volatile.Read(ref failing) ? throw new InvalidOperationException("store down") : Task.CompletedTask,
        };
        var service = await bed.StartAsync(handler, group, new KafkaConsumerOptions
        {
            MaxAttempts = 1000,
            InitialBackoff = TimeSpan.FromMilliseconds(20),
            MaxBackoff = TimeSpan.FromMilliseconds(100),
        });

        await bed.PublishAsync(TestEvents.Records(10, "first"));
        await Eventually.True(() => handler.Applied.Count == 10 && ConsumerLag.Of(bed.Topic, group, 0) == 0, Patience,
            () => $"{handler.Applied.Count} applied, lag {ConsumerLag.Of(bed.Topic, group, 0)}");

        Volatile.Write(ref failing, true);
        await bed.PublishAsync(TestEvents.Records(7, "second"));
        await Eventually.True(() => ConsumerLag.Of(bed.Topic, group, 0) == 7, Patience, () => $"lag {ConsumerLag.Of(bed.Topic, group, 0)}");

        Volatile.Write(ref failing, false);
        await Eventually.True(() => handler.Applied.Count == 17 && ConsumerLag.Of(bed.Topic, group, 0) == 0, Patience,
            () => $"{handler.Applied.Count} applied, lag {ConsumerLag.Of(bed.Topic, group, 0)}");

        await service.StopAsync(CancellationToken.None);
        Assert.Null(ConsumerLag.Of(bed.Topic, group, 0));
    }
}
