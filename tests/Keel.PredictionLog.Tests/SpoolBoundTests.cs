using Microsoft.Extensions.Logging;

namespace Keel.PredictionLog.Tests;

/// <summary>The spool and the queue are bounded; what does not fit is counted and reported, never silently lost.</summary>
public sealed class SpoolBoundTests
{
    private static readonly TimeSpan Patience = LogTestBed.Patience;

    [Fact]
    public async Task A_full_spool_keeps_its_bound_drops_the_newest_and_says_so()
    {
        const int total = 1000;
        const long bound = 64 * 1024;
        await using var bed = LogTestBed.Start();
        var logger = await bed.StartLoggerAsync(options =>
        {
            options.SpoolMaxBytes = bound;
            options.SegmentBytes = 16 * 1024;
        });
        bed.KafkaDown();

        for (var i = 0; i < total; i++)
        {
            Assert.True(logger.TryLog(Predictions.Record(i)));
        }
        await Eventually.True(() => logger.Status.Queued == 0 && logger.Status.Dropped > 0, Patience, () => $"{logger.Status}");

        var status = logger.Status;
        Assert.True(status.SpooledBytes <= bound, $"{status.SpooledBytes} bytes spooled");
        Assert.True(bed.SegmentFiles().Sum(f => new FileInfo(f).Length) <= bound);
        Assert.Equal(PredictionLogHealth.Overflowing, status.Health);
        Assert.Contains(bed.Logs.Lines, l => l.Level == LogLevel.Error && l.Message.Contains("losing predictions", StringComparison.Ordinal));

        bed.KafkaUp();
        await Eventually.True(() => logger.Status.SpooledRecords == 0 && logger.Status.Sent + logger.Status.Dropped == total, Patience, () => $"{logger.Status}");

        // Every record is either delivered or counted as dropped; what was kept is the oldest, delivered once and in order.
        var kept = (int)logger.Status.Sent;
        Assert.InRange(kept, 1, total - 1);
        DeliveryTests.AssertExactlyOnceInOrder(bed.ReadTopic(kept), kept);
    }

    [Fact]
    public async Task A_full_queue_refuses_at_once_and_counts_the_drop()
    {
        await using var bed = LogTestBed.Start();
        // Never started, so nothing drains the queue.
        var logger = bed.Logger(options => options.QueueCapacity = 10);
        for (var i = 0; i < 10; i++)
        {
            Assert.True(logger.TryLog(Predictions.Record(i)));
        }

        Assert.False(logger.TryLog(Predictions.Record(10)));
        Assert.Equal(1, logger.Status.Dropped);
        Assert.Equal(10, logger.Status.Queued);
        Assert.Equal(PredictionLogHealth.Overflowing, logger.Status.Health);
    }

    [Fact]
    public async Task A_graceful_stop_with_kafka_down_keeps_everything_for_the_next_start()
    {
        const int total = 500;
        await using var bed = LogTestBed.Start();
        var first = await bed.StartLoggerAsync(options => options.SpillAfter = TimeSpan.FromSeconds(30));
        bed.KafkaDown();
        for (var i = 0; i < total; i++)
        {
            first.TryLog(Predictions.Record(i));
        }
        using (var patience = new CancellationTokenSource(TimeSpan.FromSeconds(1)))
        {
            await first.StopAsync(patience.Token);
        }
        Assert.Equal(total, first.Status.SpooledRecords);
        Assert.Equal(0, first.Status.Dropped);
        Assert.False(first.TryLog(Predictions.Record(total)));
        // The process exits: its producer goes with whatever it still held.
        await bed.CrashAsync(first);

        bed.KafkaUp();
        var second = await bed.StartLoggerAsync();
        await Eventually.True(() => second.Status.Sent == total, Patience, () => $"{second.Status}");
        DeliveryTests.AssertExactlyOnceInOrder(bed.ReadTopic(total), total);
    }
}
