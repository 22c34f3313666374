using Keel.Events.Messaging;

namespace Keel.Kafka.Tests;

public sealed class GracefulShutdownTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Stopping_lets_the_batch_in_flight_finish_and_commits_it_so_nothing_is_lost_or_handled_again()
    {
        const int total = 600;
        await using var bed = KafkaTestBed.Start();
        await bed.PublishAsync(TestEvents.Records(total));

        var sink = new RecordingHandler("graceful");
        var entered = new TaskCompletionSource<string[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        sink.BeforeApply = async (batch, call, cancellationToken) =>
        {
            if (call == 3)
            {
                entered.SetResult(batch.Select(e => e.Id!).ToArray());
                await release.Task.WaitAsync(cancellationToken);
            }
        };
        var first = await bed.StartAsync(new IdempotentHandler(sink, bed.Ledger()));
        var inFlight = await entered.Task.Within(Patience, "the third batch starting");

        var stopping = first.StopAsync(CancellationToken.None);
        // The stop waits for the batch: it cannot finish while the handler is still inside it.
        Assert.False(stopping.IsCompleted);
        release.SetResult();
        await stopping.Within(Patience, "the graceful stop");
        await first.ExecuteTask!.Within(Patience, "the consumer leaving its group");

        Assert.All(inFlight, id => Assert.Equal(1, sink.Applied[id]));
        Assert.Equal(3, sink.Calls);
        var handledBefore = sink.Applied.Keys.ToHashSet();
        Assert.Equal(first.Consumer.Counters.Batches, first.Consumer.Counters.Commits);

        // A new member of the group (a plain handler, no ledger) continues exactly where the first stopped.
        var next = new RecordingHandler("graceful");
        await bed.StartAsync(next);
        await Eventually.True(() => handledBefore.Count + next.Applied.Count >= total, Patience,
            () => $"{handledBefore.Count} + {next.Applied.Count} of {total}");

        Assert.Empty(next.Seen.Keys.Intersect(handledBefore));
        Assert.Equal(0, next.DuplicateApplications);
        Assert.Equal(TestEvents.Records(total).Select(e => e.Id!).Order(), handledBefore.Concat(next.Applied.Keys).Order());
    }

    [Fact]
    public async Task A_stop_whose_shutdown_timeout_runs_out_abandons_the_batch_uncommitted()
    {
        await using var bed = KafkaTestBed.Start(partitions: 1);
        await bed.PublishAsync(TestEvents.Records(50));
        var sink = new RecordingHandler("slow");
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        sink.BeforeApply = async (_, call, cancellationToken) =>
        {
            if (call == 1)
            {
                entered.SetResult();
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
        };
        var settings = new KafkaConsumerOptions { ShutdownTimeout = TimeSpan.FromMilliseconds(300), MaxBatchWait = TimeSpan.FromMilliseconds(50) };
        var first = await bed.StartAsync(sink, settings: settings);
        await entered.Task.Within(Patience, "the first batch starting");

        await first.StopAsync(CancellationToken.None).Within(Patience, "the bounded stop");

        Assert.Empty(sink.Applied);
        Assert.Equal(0, first.Consumer.Counters.Commits);
        var next = new RecordingHandler("slow");
        await bed.StartAsync(next);
        await Eventually.True(() => next.Applied.Count == 50, Patience, () => $"{next.Applied.Count} of 50 redelivered");
    }

    [Fact]
    public async Task Draining_on_stop_reads_the_partitions_to_the_end_before_leaving()
    {
        const int total = 1500;
        await using var bed = KafkaTestBed.Start();
        await bed.PublishAsync(TestEvents.Records(total));
        var sink = new RecordingHandler("drain");
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        sink.BeforeApply = (_, call, _) =>
        {
            first.TrySetResult();
            return Task.CompletedTask;
        };
        var settings = new KafkaConsumerOptions { DrainOnStop = true, MaxBatchSize = 100 };
        var consumer = await bed.StartAsync(sink, settings: settings);
        await first.Task.Within(Patience, "the first batch");

        await consumer.StopAsync(CancellationToken.None).Within(Patience, "the draining stop");
        await consumer.ExecuteTask!.Within(Patience, "the consumer leaving its group");

        Assert.Equal(total, sink.Applied.Count);
        Assert.Equal(consumer.Consumer.Counters.Batches, consumer.Consumer.Counters.Commits);
    }
}
