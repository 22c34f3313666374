using Keel.Events.Messaging;

namespace Keel.Kafka.Tests;

/// <summary>
/// At-least-once delivery plus an idempotent handler (ledger by event id) gives each event's
/// effect exactly once, whatever the transport goes through.
/// </summary>
public sealed class ExactlyOnceInEffectTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_broker_going_down_and_up_while_producing_and_consuming_loses_and_repeats_nothing()
    {
        const int total = 1500;
        await using var bed = KafkaTestBed.Start();
        var sink = new RecordingHandler("broker-fault");
        await bed.StartAsync(new IdempotentHandler(sink, bed.Ledger()));

        var events = TestEvents.Records(total);
        var halfway = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var faultInjected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var publishing = Task.Run(async () =>
        {
            var chunks = events.Chunk(100).ToList();
            foreach (var (chunk, index) in chunks.Select((c, i) => (c, i)))
            {
                if (index == chunks.Count / 2)
                {
                    halfway.SetResult();
                    await faultInjected.Task;
                }
                await bed.PublishAsync(chunk);
            }
        });

        // Mid-stream on both sides: some events consumed, the second half still to publish.
        await halfway.Task.Within(Patience, "publishing the first half");
        await Eventually.True(() => sink.Applied.Count >= 200, Patience, () => $"{sink.Applied.Count} applied before the fault");
        bed.Cluster.SetBrokerDown(2);
        faultInjected.SetResult();
        var appliedAtFault = sink.Applied.Count;
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        bed.Cluster.SetBrokerUp(2);

        await publishing.Within(Patience, "publishing across the broker fault");
        await Eventually.True(() => sink.Applied.Count == total, Patience, () => $"{sink.Applied.Count} of {total} applied");

        Assert.True(appliedAtFault < total);
        Assert.Equal(total, sink.Applied.Count);
        Assert.Equal(0, sink.DuplicateApplications);
        Assert.Equal(events.Select(e => e.Id).Order(), sink.Applied.Keys.Order());
        Assert.Equal(total, bed.MessagesIn(bed.Topic));
    }

    [Fact]
    public async Task Handler_failures_on_first_attempts_are_retried_and_each_event_applied_once()
    {
        const int total = 1000;
        await using var bed = KafkaTestBed.Start();
        var sink = new RecordingHandler("flaky");
        // Every 7th event fails the first time it is seen, which fails its whole batch once.
        var failedOnce = new HashSet<string>();
        sink.BeforeApply = (batch, _, _) =>
        {
            var firstTimers = batch.Where(e => TestEvents.Number(e.Id!) % 7 == 0 && failedOnce.Add(e.Id!)).ToList();
            return firstTimers.Count > 0
                ? throw new TimeoutException($"store timed out on {firstTimers[0].Id}")
                : Task.CompletedTask;
        };
        var service = await bed.StartAsync(new IdempotentHandler(sink, bed.Ledger()));

        await bed.PublishAsync(TestEvents.Records(total));
        await Eventually.True(() => sink.Applied.Count == total, Patience, () => $"{sink.Applied.Count} of {total} applied");

        Assert.Equal(0, sink.DuplicateApplications);
        Assert.True(service.Consumer.Counters.Retries > 0, "failed batches should have been retried");
        Assert.Equal(0, service.Consumer.Counters.DeadLettered);
        Assert.Contains(sink.Seen, pair => pair.Value > 1);
    }

    [Fact]
    public async Task A_consumer_crashing_mid_batch_is_replaced_and_the_batch_redelivered_without_double_effects()
    {
        const int total = 1000;
        await using var bed = KafkaTestBed.Start();
        await bed.PublishAsync(TestEvents.Records(total));

        var sink = new RecordingHandler("crash");
        var blocked = new TaskCompletionSource<string[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        sink.BeforeApply = async (batch, _, cancellationToken) =>
        {
            if (!blocked.Task.IsCompleted && sink.Applied.Count >= total / 3)
            {
                blocked.TrySetResult(batch.Select(e => e.Id!).ToArray());
                // Stuck inside the batch until the process dies.
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
        };
        var first = await bed.StartAsync(new IdempotentHandler(sink, bed.Ledger()));
        var inFlight = await blocked.Task.Within(Patience, "a batch blocking");

        // A hard stop: the host gives up waiting at once.
        await first.StopAsync(new CancellationToken(canceled: true));
        await first.ExecuteTask!.Within(TimeSpan.FromSeconds(10), "the aborted consumer leaving");
        Assert.All(inFlight, id => Assert.False(sink.Applied.ContainsKey(id)));

        // The replacement shares the durable parts: the same ledger file and the same sink.
        var second = await bed.StartAsync(new IdempotentHandler(sink, bed.Ledger()));
        await Eventually.True(() => sink.Applied.Count == total, Patience, () => $"{sink.Applied.Count} of {total} applied");

        Assert.All(inFlight, id => Assert.Equal(2, sink.Seen[id]));
        Assert.Equal(0, sink.DuplicateApplications);
        Assert.True(second.Consumer.Counters.EventsHandled > 0);
    }
}
