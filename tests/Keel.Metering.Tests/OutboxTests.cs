using Keel.Costs.Metering;
using Keel.Events;
using Keel.Serving.Runtime;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Keel.Metering.Tests;

/// <summary>Flushing at stop, with the log up or down, loses no usage and sends none twice under another id.</summary>
public sealed class OutboxTests : IDisposable
{
    private readonly Scratch _scratch = new();

    [Fact]
    public async Task Stop_sends_the_inference_series_not_yet_flushed()
    {
        var log = new RecordingPublisher();
        var outbox = Build.Outbox(log, _scratch.Path("spool"));
        var meter = Build.Inference(outbox: outbox);
        var flusher = Flusher(outbox, meter, TimeSpan.FromHours(1));
        await flusher.StartAsync(CancellationToken.None);
        Serve(meter, batches: 20);

        await flusher.StopAsync(CancellationToken.None);

        var sent = log.Events.Select(e => CostMeteredEvent.Read(Data(e))).ToArray();
        Assert.Equal([KeelTopics.Costs], log.Topics);
        Assert.Equal(20m, sent.Sum(r => r.Quantity));
        Assert.Equal(40, log.Events.Sum(PredictionCount.Get));
        Assert.Equal(0, outbox.Spool.Files);
    }

    [Fact]
    public async Task With_the_log_down_stop_spools_everything_and_the_next_start_sends_it_once()
    {
        var down = new RecordingPublisher { Down = true };
        var outbox = Build.Outbox(down, _scratch.Path("spool"));
        var meter = Build.Inference(outbox: outbox);
        var flusher = Flusher(outbox, meter, TimeSpan.FromHours(1));
        await flusher.StartAsync(CancellationToken.None);
        Serve(meter, batches: 30);
        outbox.Add(TrainingMeter.UsageOf(TrainingMeterTests.Run("run-1")).Select(r => new MeteredUsage(r)).ToArray());

        await flusher.StopAsync(CancellationToken.None);
        flusher.Dispose();
        meter.Dispose();
        Assert.Empty(down.Events);
        Assert.Equal(0, outbox.Pending);
        Assert.True(outbox.Spool.Files > 0);

        // The next process, with the log back, sends what the last one spooled.
        var up = new RecordingPublisher();
        var next = Build.Outbox(up, _scratch.Path("spool"));
        Assert.True(await next.FlushAsync(CancellationToken.None));
        var records = up.Events.Select(e => CostMeteredEvent.Read(Data(e))).ToArray();
        Assert.Equal(30m, records.Where(r => r.Activity == MeteredActivity.Inference).Sum(r => r.Quantity));
        // The prediction counts survive the spool too (an extension attribute, outside the data).
        Assert.Equal(60, up.Events.Sum(PredictionCount.Get));
        Assert.Equal(2, records.Count(r => r.Activity == MeteredActivity.Training));
        Assert.Equal(up.Events.Count, up.Events.Select(e => e.Id).Distinct().Count());
        Assert.Equal(0, next.Spool.Files);
        Assert.Empty(Directory.GetFiles(_scratch.Path("spool")));
    }

    [Fact]
    public async Task Runs_served_after_the_last_flush_are_spooled_when_the_meter_is_disposed()
    {
        var log = new RecordingPublisher();
        var outbox = Build.Outbox(log, _scratch.Path("spool"));
        var meter = Build.Inference(outbox: outbox);
        var flusher = Flusher(outbox, meter, TimeSpan.FromHours(1));
        await flusher.StartAsync(CancellationToken.None);
        await flusher.StopAsync(CancellationToken.None);
        // Requests still draining as the host goes down.
        Serve(meter, batches: 5);
        meter.Dispose();

        Assert.Empty(log.Events);
        var next = Build.Outbox(log, _scratch.Path("spool"));
        Assert.True(await next.FlushAsync(CancellationToken.None));
        Assert.Equal(5m, log.Events.Select(e => CostMeteredEvent.Read(Data(e))).Sum(r => r.Quantity));
    }

    [Fact]
    public async Task A_partly_acknowledged_publish_is_retried_with_the_same_event_ids()
    {
        var log = new RecordingPublisher { TakeThenFail = 3 };
        var outbox = Build.Outbox(log, _scratch.Path("spool"));
        var meter = Build.Inference();
        for (var version = 1; version <= 10; version++)
        {
            meter.OnBatch(new ServedBatch("acme", "credit", version, "CPUExecutionProvider", Prices.Day, TimeSpan.FromSeconds(1), [1], true));
        }
        outbox.Add(meter.Drain());

        Assert.False(await outbox.FlushAsync(CancellationToken.None));
        Assert.True(await outbox.FlushAsync(CancellationToken.None));

        // The three acknowledged before the failure went again, as the same events: the ledger keeps each once.
        Assert.Equal(13, log.Events.Count);
        Assert.Equal(10, log.Events.Select(e => e.Id).Distinct().Count());
        var ledger = new UsageLedger(_scratch.Path("ledger.db"));
        await Build.Recorder(ledger).HandleAsync(log.Events, CancellationToken.None);
        var kept = await ledger.ReadAsync("acme", Prices.Day.AddDays(-1), Prices.Day.AddDays(1), CancellationToken.None);
        Assert.Equal(10m, kept.Sum(e => e.Record.Quantity));
    }

    [Fact]
    public async Task Events_past_the_memory_limit_wait_in_the_spool_and_are_sent_after_the_rest()
    {
        var log = new RecordingPublisher { Down = true };
        var outbox = Build.Outbox(log, _scratch.Path("spool"), new MeteringOptions { MaxPendingEvents = 4, PublishBatchSize = 3 });
        var usage = Enumerable.Range(0, 10)
            .Select(i => new MeteredUsage(EgressUsage.For($"egress-{i}", 1_000_000_000, Prices.Day.AddMinutes(i), new AttributionTags("acme"))))
            .ToArray();
        outbox.Add(usage[..3]);
        outbox.Add(usage[3..]);
        Assert.Equal(4, outbox.Pending);
        Assert.Equal(1, outbox.Spool.Files);
        Assert.False(await outbox.FlushAsync(CancellationToken.None));

        log.Down = false;
        Assert.True(await outbox.FlushAsync(CancellationToken.None));
        Assert.Equal(usage.Select(u => u.Record.Id), log.Events.Select(e => CostMeteredEvent.Read(Data(e)).Id));
        Assert.Equal(0, outbox.Spool.Files);
    }

    public void Dispose() => _scratch.Dispose();

    private static MeteringFlusher Flusher(CostEventOutbox outbox, InferenceMeter meter, TimeSpan interval) =>
        new(outbox, Options.Create(new MeteringOptions { FlushInterval = interval }), TimeProvider.System, NullLogger<MeteringFlusher>.Instance, meter);

    private static void Serve(InferenceMeter meter, int batches)
    {
        for (var i = 0; i < batches; i++)
        {
            meter.OnBatch(new ServedBatch("acme", "credit", 1 + i % 3, "CPUExecutionProvider", Prices.Day.AddSeconds(i), TimeSpan.FromSeconds(1), [1, 1], true));
        }
    }

    private static System.Text.Json.JsonElement Data(CloudNative.CloudEvents.CloudEvent cloudEvent) => cloudEvent.Data switch
    {
        System.Text.Json.JsonElement element => element,
        System.Text.Json.Nodes.JsonNode node => System.Text.Json.JsonSerializer.SerializeToElement(node),
        _ => throw new InvalidOperationException("no data"),
    };
}
