using System.Diagnostics;
using Keel.Events;
using Keel.Kafka;

namespace Keel.PredictionLog.Tests;

/// <summary>Every logged prediction reaches keel.predictions once, in order per model, whatever Kafka does meanwhile.</summary>
public sealed class DeliveryTests
{
    private static readonly TimeSpan Patience = LogTestBed.Patience;

    [Fact]
    public async Task Logged_predictions_arrive_once_each_in_order_and_valid()
    {
        const int total = 1000;
        await using var bed = LogTestBed.Start();
        var logger = await bed.StartLoggerAsync();

        for (var i = 0; i < total; i++)
        {
            Assert.True(logger.TryLog(Predictions.Record(i)));
        }
        await Eventually.True(() => logger.Status.Sent == total, Patience, () => $"{logger.Status}");

        var messages = bed.ReadTopic(total);
        AssertExactlyOnceInOrder(messages, total);
        Assert.Equal(0, logger.Status.SpooledRecords);
        Assert.Equal(PredictionLogHealth.Healthy, logger.Status.Health);
        Assert.Empty(bed.SegmentFiles());

        foreach (var message in messages)
        {
            var decoded = CloudEventCodec.Default.Decode(message.Message.Value);
            Assert.True(decoded.IsValid, string.Join("; ", decoded.Problems));
        }
        var sample = CloudEventCodec.Default.Decode(messages.Single(m => LogTestBed.IdOf(m) == "p-00010").Message.Value).Event!;
        Assert.Equal(KeelEventTypes.PredictionLogged, sample.Type);
        Assert.Equal("acme", sample.GetTenant());
        Assert.Equal("churn", sample.Subject);
        Assert.Equal("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", sample.GetTraceParent());
        var data = (System.Text.Json.JsonElement)sample.Data!;
        Assert.True(data.GetProperty("shadow").GetBoolean());
        Assert.Equal("tree_shap", data.GetProperty("explanation").GetProperty("method").GetString());
        Assert.Equal(Predictions.ViewVersion, data.GetProperty("feature_views").GetProperty("applicant").GetString());
    }

    [Fact]
    public async Task With_kafka_down_logging_never_waits_and_every_prediction_is_delivered_once_after_recovery()
    {
        const int total = 2000;
        await using var bed = LogTestBed.Start(deliveryTimeout: TimeSpan.FromSeconds(2));
        var logger = await bed.StartLoggerAsync();
        // A few go through while Kafka is up, so the outage starts mid-stream.
        for (var i = 0; i < 100; i++)
        {
            logger.TryLog(Predictions.Record(i));
        }
        await Eventually.True(() => logger.Status.Sent == 100, Patience, () => $"{logger.Status}");
        bed.KafkaDown();

        var durations = new List<TimeSpan>(total);
        var clock = new Stopwatch();
        for (var i = 100; i < total; i++)
        {
            clock.Restart();
            Assert.True(logger.TryLog(Predictions.Record(i)));
            clock.Stop();
            durations.Add(clock.Elapsed);
        }
        // Not a benchmark: only that no caller waited for Kafka, which would cost the 2 s delivery
        // timeout. The bound is loose because a loaded two-core CI machine can preempt any call.
        durations.Sort();
        Assert.True(durations[^1] < TimeSpan.FromMilliseconds(500), $"the slowest TryLog took {durations[^1].TotalMilliseconds} ms");
        Assert.True(durations[durations.Count / 2] < TimeSpan.FromMilliseconds(5), $"the median TryLog took {durations[durations.Count / 2].TotalMilliseconds} ms");

        await Eventually.True(() => logger.Status.SpooledRecords == total - 100 && logger.Status.Queued == 0, Patience, () => $"{logger.Status}");
        // Long enough for publishes to time out and be retried from the spool.
        await Eventually.True(() => logger.Status.Failures >= 2, Patience, () => $"{logger.Status}");
        Assert.Equal(PredictionLogHealth.Spooling, logger.Status.Health);
        Assert.NotEmpty(bed.SegmentFiles());

        bed.KafkaUp();
        await Eventually.True(() => logger.Status.Sent == total && logger.Status.SpooledRecords == 0, Patience, () => $"{logger.Status}");

        AssertExactlyOnceInOrder(bed.ReadTopic(total), total);
        Assert.Equal(0, logger.Status.Dropped);
        Assert.Equal(PredictionLogHealth.Healthy, logger.Status.Health);
        Assert.Empty(bed.SegmentFiles());
    }

    [Fact]
    public async Task A_slow_cluster_sends_records_through_the_spool_once_each_and_in_order()
    {
        const int total = 600;
        await using var bed = LogTestBed.Start(deliveryTimeout: TimeSpan.FromSeconds(30));
        var logger = await bed.StartLoggerAsync(options => options.BatchSize = 100);
        // Every answer takes longer than SpillAfter: batches in flight are spooled, then acknowledged.
        foreach (var broker in bed.Cluster.BrokerIds)
        {
            bed.Cluster.SetBrokerRoundTripTime(broker, TimeSpan.FromMilliseconds(300));
        }

        long mostSpooled = 0;
        for (var i = 0; i < total; i++)
        {
            Assert.True(logger.TryLog(Predictions.Record(i)));
            mostSpooled = Math.Max(mostSpooled, logger.Status.SpooledRecords);
        }
        await Eventually.True(() =>
        {
            mostSpooled = Math.Max(mostSpooled, logger.Status.SpooledRecords);
            return logger.Status.Sent == total;
        }, Patience, () => $"{logger.Status}");

        Assert.True(mostSpooled > 0, "the slow cluster should have sent records through the spool");
        Assert.Equal(0, logger.Status.Failures);
        AssertExactlyOnceInOrder(bed.ReadTopic(total), total);
        Assert.Empty(bed.SegmentFiles());
    }

    [Fact]
    public async Task A_publish_that_fails_in_part_resends_only_what_kafka_did_not_take()
    {
        const int warmUp = 30;
        const int total = 630;
        await using var bed = LogTestBed.Start(deliveryTimeout: TimeSpan.FromSeconds(1));
        var logger = await bed.StartLoggerAsync();
        for (var i = 0; i < warmUp; i++)
        {
            logger.TryLog(Predictions.Record(i));
        }
        await Eventually.True(() => logger.Status.Sent == warmUp, Patience, () => $"{logger.Status}");
        // One model's partition is led by broker 1, every other partition by broker 2; then broker 1 fails.
        var partitionOfFirstModel = bed.ReadTopic(warmUp).First(m => m.Message.Key == "acme/" + Predictions.Models[0]).Partition.Value;
        for (var partition = 0; partition < 6; partition++)
        {
            bed.Cluster.SetPartitionLeader(KeelTopics.Predictions, partition, partition == partitionOfFirstModel ? 1 : 2);
        }
        await Task.Delay(500);
        bed.Cluster.SetBrokerDown(1);

        for (var i = warmUp; i < total; i++)
        {
            logger.TryLog(Predictions.Record(i));
        }
        // The first failed publish may hold only the first model's events; the retry from the spool holds every model's.
        await Eventually.True(() => logger.Status.Failures >= 2, Patience, () => $"{logger.Status}");
        bed.Cluster.SetBrokerUp(1);
        await Eventually.True(() => logger.Status.SpooledRecords == 0 && logger.Status.Queued == 0, Patience, () => $"{logger.Status}");

        AssertExactlyOnceInOrder(bed.ReadTopic(total), total);
        // The other models' events of the failed publishes were acknowledged then and not sent again.
        Assert.True(logger.Status.Sent < total, $"{logger.Status}");
    }

    [Fact]
    public async Task Records_logged_after_kafka_recovers_wait_behind_the_spool()
    {
        const int total = 1500;
        await using var bed = LogTestBed.Start(deliveryTimeout: TimeSpan.FromSeconds(1));
        var logger = await bed.StartLoggerAsync(options => options.BatchSize = 50);
        bed.KafkaDown();
        for (var i = 0; i < 1000; i++)
        {
            logger.TryLog(Predictions.Record(i));
        }
        await Eventually.True(() => logger.Status.SpooledRecords == 1000, Patience, () => $"{logger.Status}");

        // New predictions keep coming while the spool drains in small batches.
        bed.KafkaUp();
        for (var i = 1000; i < total; i++)
        {
            logger.TryLog(Predictions.Record(i));
            if (i % 50 == 0)
            {
                await Task.Delay(5);
            }
        }
        await Eventually.True(() => logger.Status.Sent == total, Patience, () => $"{logger.Status}");

        AssertExactlyOnceInOrder(bed.ReadTopic(total), total);
    }

    [Fact]
    public async Task Predictions_spooled_before_a_crash_are_delivered_once_by_the_next_process()
    {
        const int total = 1000;
        await using var bed = LogTestBed.Start();
        var first = await bed.StartLoggerAsync();
        bed.KafkaDown();
        for (var i = 0; i < total; i++)
        {
            first.TryLog(Predictions.Record(i));
        }
        await Eventually.True(() => first.Status.SpooledRecords == total, Patience, () => $"{first.Status}");
        await bed.CrashAsync(first);

        // The crash also tore the record being written: half a frame at the end of the last segment.
        var last = bed.SegmentFiles()[^1];
        await File.AppendAllBytesAsync(last, [0x40, 0x01, 0x00, 0x00, 0xAA, 0xBB, 0xCC, 0xDD, 0x7B, 0x22]);

        bed.KafkaUp();
        var second = await bed.StartLoggerAsync();
        await Eventually.True(() => second.Status.Sent == total && second.Status.SpooledRecords == 0, Patience, () => $"{second.Status}");

        AssertExactlyOnceInOrder(bed.ReadTopic(total), total);
        Assert.Contains(bed.Logs.Lines, l => l.Message.Contains("torn by a crash", StringComparison.Ordinal));
        Assert.Empty(bed.SegmentFiles());
    }

    [Fact]
    public async Task A_crash_between_kafkas_acknowledgement_and_the_spools_resends_with_the_same_ids()
    {
        const int total = 300;
        await using var bed = LogTestBed.Start();
        var first = await bed.StartLoggerAsync();
        bed.KafkaDown();
        for (var i = 0; i < total; i++)
        {
            first.TryLog(Predictions.Record(i));
        }
        await Eventually.True(() => first.Status.SpooledRecords == total, Patience, () => $"{first.Status}");
        await bed.CrashAsync(first);
        var beforeDelivery = Snapshot(bed.SpoolDirectory);

        bed.KafkaUp();
        var second = await bed.StartLoggerAsync();
        await Eventually.True(() => second.Status.Sent == total, Patience, () => $"{second.Status}");
        await bed.CrashAsync(second);
        // The disk as it was before the spool recorded Kafka's acknowledgement.
        Restore(bed.SpoolDirectory, beforeDelivery);
        var third = await bed.StartLoggerAsync();
        await Eventually.True(() => third.Status.Sent == total, Patience, () => $"{third.Status}");

        // At least once on the topic, exactly once by id: a consumer that drops seen ids applies each once.
        var messages = bed.ReadTopic(2 * total);
        Assert.Equal(2 * total, messages.Count);
        var byId = messages.GroupBy(LogTestBed.IdOf).ToList();
        Assert.Equal(total, byId.Count);
        Assert.All(byId, copies => Assert.Equal(copies.First().Message.Value, copies.Last().Message.Value));
    }

    internal static void AssertExactlyOnceInOrder(IReadOnlyList<Confluent.Kafka.ConsumeResult<string, byte[]>> messages, int total)
    {
        var ids = messages.Select(LogTestBed.IdOf).ToList();
        Assert.Equal(total, ids.Count);
        Assert.Equal(Enumerable.Range(0, total).Select(i => Predictions.Id("p", i)), ids.Order());
        foreach (var (key, numbers) in LogTestBed.NumbersByKey(messages))
        {
            Assert.StartsWith("acme/", key);
            Assert.Equal(numbers.Order(), numbers);
        }
        // Through the spool or not, every event still passes its schema with tenant and trace.
        foreach (var message in messages)
        {
            var decoded = CloudEventCodec.Default.Decode(message.Message.Value);
            Assert.True(decoded.IsValid, string.Join("; ", decoded.Problems));
            Assert.NotNull(decoded.Event!.GetTraceParent());
        }
    }

    private static Dictionary<string, byte[]> Snapshot(string directory) =>
        Directory.GetFiles(directory).Where(f => !f.EndsWith(".lock", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);

    private static void Restore(string directory, Dictionary<string, byte[]> files)
    {
        foreach (var file in Directory.GetFiles(directory).Where(f => !f.EndsWith(".lock", StringComparison.Ordinal)))
        {
            File.Delete(file);
        }
        foreach (var (name, bytes) in files)
        {
            File.WriteAllBytes(Path.Combine(directory, name), bytes);
        }
    }
}
