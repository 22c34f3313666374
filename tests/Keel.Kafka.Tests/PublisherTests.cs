using System.Collections.Concurrent;
using System.Diagnostics;
using Keel.Events;
using Keel.Events.Messaging;

namespace Keel.Kafka.Tests;

public sealed class PublisherTests
{
    [Fact]
    public async Task PublishAsync_returns_once_every_event_is_acknowledged()
    {
        await using var bed = KafkaTestBed.Start();
        var events = TestEvents.Records(500);

        await bed.PublishAsync(events);

        // Acknowledged means stored: the partitions already hold every event when the call returns.
        Assert.Equal(500, bed.MessagesIn(bed.Topic));
        var messages = bed.ReadAll(bed.Topic, 500, TimeSpan.FromSeconds(30));
        Assert.Equal(events.Select(e => e.Id).Order(), messages.Select(m => KafkaMessageHeaders.Get(m.Message.Headers, KafkaMessageHeaders.EventId)).Order());

        var first = messages.Single(m => KafkaMessageHeaders.Get(m.Message.Headers, KafkaMessageHeaders.EventId) == "e-00007");
        Assert.Equal("t1/7", first.Message.Key);
        Assert.Equal(CloudEventCodec.StructuredContentType, KafkaMessageHeaders.Get(first.Message.Headers, KafkaMessageHeaders.ContentType));
        Assert.Equal(KeelEventTypes.RecordIngested, KafkaMessageHeaders.Get(first.Message.Headers, KafkaMessageHeaders.EventType));
        Assert.Equal("t1", KafkaMessageHeaders.Get(first.Message.Headers, KafkaMessageHeaders.Tenant));
        var decoded = CloudEventCodec.Default.Decode(first.Message.Value);
        Assert.True(decoded.IsValid, string.Join("; ", decoded.Problems));
        Assert.Equal("e-00007", decoded.Event!.Id);
    }

    [Fact]
    public async Task Events_of_one_entity_land_in_one_partition_in_publishing_order()
    {
        await using var bed = KafkaTestBed.Start();
        var subjects = new[] { "alice", "bob", "carol", "dave" };
        var events = Enumerable.Range(0, 400).Select(i => TestEvents.Record(TestEvents.Id(subjects[i % 4], i), subject: subjects[i % 4])).ToArray();

        // Several calls, so order must hold across publishes as well as within one.
        foreach (var chunk in events.Chunk(50))
        {
            await bed.PublishAsync(chunk);
        }

        var messages = bed.ReadAll(bed.Topic, 400, TimeSpan.FromSeconds(30));
        Assert.Equal(400, messages.Count);
        foreach (var subject in subjects)
        {
            var ofSubject = messages.Where(m => m.Message.Key == "t1/" + subject).ToList();
            Assert.Equal(100, ofSubject.Count);
            Assert.Single(ofSubject.Select(m => m.Partition.Value).Distinct());
            var numbers = ofSubject.OrderBy(m => m.Offset.Value).Select(m => TestEvents.Number(KafkaMessageHeaders.Get(m.Message.Headers, KafkaMessageHeaders.EventId)!)).ToList();
            Assert.Equal(numbers.Order(), numbers);
        }
    }

    [Fact]
    public async Task The_trace_continues_from_the_publisher_to_the_handler()
    {
        using var testSource = new ActivitySource("Keel.Kafka.Tests.Trace");
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is KafkaTelemetry.SourceName or "Keel.Kafka.Tests.Trace",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var bed = KafkaTestBed.Start();
        var handler = new RecordingHandler("trace");
        var handlerTraces = new ConcurrentQueue<ActivityTraceId>();
        handler.BeforeApply = (_, _, _) =>
        {
            handlerTraces.Enqueue(Activity.Current?.TraceId ?? default);
            return Task.CompletedTask;
        };

        var cloudEvent = TestEvents.Record("traced");
        ActivityTraceId traceId;
        using (var request = testSource.StartActivity("ingest request"))
        {
            traceId = request!.TraceId;
            await bed.PublishAsync([cloudEvent]);
        }
        Assert.True(TraceParent.TryParse(cloudEvent.GetTraceParent(), out var carried));
        Assert.Equal(traceId, carried.TraceId);

        await bed.StartAsync(handler);
        await Eventually.True(() => handler.Applied.ContainsKey("traced"), TimeSpan.FromSeconds(30), () => "event not handled");

        Assert.Equal(traceId, Assert.Single(handlerTraces));
        var send = stopped.Single(a => a.OperationName == $"send {bed.Topic}");
        Assert.Equal(traceId, send.TraceId);
        Assert.Equal(ActivityKind.Producer, send.Kind);
        Assert.Equal("kafka", send.GetTagItem("messaging.system"));
        var process = stopped.First(a => a.OperationName == $"process {bed.Topic}" && a.TraceId == traceId);
        Assert.Equal(ActivityKind.Consumer, process.Kind);
        Assert.Equal("keel-trace", process.GetTagItem("messaging.consumer.group.name"));
        Assert.Equal(bed.Topic, process.GetTagItem("messaging.destination.name"));
        Assert.Equal("process", process.GetTagItem("messaging.operation.type"));
    }

    [Fact]
    public async Task A_full_local_queue_is_reported_as_overload_and_what_was_queued_is_still_delivered()
    {
        await using var bed = KafkaTestBed.Start(options =>
        {
            options.Producer.QueueBufferingMaxMessages = 20;
            options.Producer.QueueFullTimeout = TimeSpan.FromMilliseconds(300);
        });
        foreach (var broker in bed.Cluster.BrokerIds)
        {
            bed.Cluster.SetBrokerDown(broker);
        }

        var overload = await Assert.ThrowsAsync<KafkaOverloadedException>(() => bed.PublishAsync(TestEvents.Records(50)));
        Assert.Equal(bed.Topic, overload.Topic);
        Assert.True(overload.RetryAfter >= TimeSpan.FromSeconds(1));

        foreach (var broker in bed.Cluster.BrokerIds)
        {
            bed.Cluster.SetBrokerUp(broker);
        }
        // A caller that honours Retry-After gets through once the cluster recovered; the events
        // queued before the overload are delivered too, so their retry repeats them (same ids).
        var giveUp = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                await bed.PublishAsync(TestEvents.Records(50));
                break;
            }
            catch (KafkaOverloadedException retry) when (DateTime.UtcNow < giveUp)
            {
                await Task.Delay(retry.RetryAfter);
            }
        }
        var ids = bed.ReadAll(bed.Topic, 70, TimeSpan.FromSeconds(30)).Select(m => KafkaMessageHeaders.Get(m.Message.Headers, KafkaMessageHeaders.EventId)).ToList();
        Assert.Equal(70, ids.Count);
        Assert.Equal(50, ids.Distinct().Count());
    }

    [Fact]
    public async Task Events_not_acknowledged_in_time_fail_the_publish_naming_them()
    {
        await using var bed = KafkaTestBed.Start(options => options.Producer.DeliveryTimeout = TimeSpan.FromSeconds(1));
        foreach (var broker in bed.Cluster.BrokerIds)
        {
            bed.Cluster.SetBrokerDown(broker);
        }

        var failure = await Assert.ThrowsAsync<KafkaPublishException>(() => bed.PublishAsync(TestEvents.Records(3, "lost")));

        Assert.Equal(bed.Topic, failure.Topic);
        Assert.Equal(["lost-00000", "lost-00001", "lost-00002"], failure.Failures.Select(f => f.EventId).Order());
        Assert.Contains("lost-00001", failure.Message, StringComparison.Ordinal);
        Assert.All(failure.Failures, f => Assert.Contains("Local_MsgTimedOut", f.Reason, StringComparison.Ordinal));

        foreach (var broker in bed.Cluster.BrokerIds)
        {
            bed.Cluster.SetBrokerUp(broker);
        }
        // With so short a delivery timeout the producer may need a few tries to find the brokers again.
        var giveUp = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                await bed.PublishAsync(TestEvents.Records(3, "lost"));
                break;
            }
            catch (KafkaPublishException) when (DateTime.UtcNow < giveUp)
            {
                // Timed out again while reconnecting; the caller's retry is what recovers.
            }
        }
        // A try that timed out after sending may also have been stored: at least once.
        Assert.True(bed.MessagesIn(bed.Topic) >= 3);
    }

    [Fact]
    public async Task An_invalid_event_fails_the_call_before_anything_is_sent()
    {
        await using var bed = KafkaTestBed.Start();
        var events = TestEvents.Records(3).ToList();
        events[1].Id = null;

        await Assert.ThrowsAnyAsync<ArgumentException>(() => bed.PublishAsync(events));

        Assert.Equal(0, bed.MessagesIn(bed.Topic));
    }

    [Fact]
    public async Task A_dead_letter_carries_the_original_message_and_the_reason_in_headers()
    {
        await using var bed = KafkaTestBed.Start();
        var letter = new DeadLetter(bed.Topic, "{\"x\":1}"u8.ToArray(), "data/values: must be an object",
            Key: "t1/42", EventId: "e-1", EventType: KeelEventTypes.RecordIngested, Tenant: "t1",
            SourcePartition: 3, SourceOffset: 17, Attempts: 5, ErrorType: "System.TimeoutException");

        await bed.Publisher.DeadLetterAsync(letter, CancellationToken.None);

        var message = Assert.Single(bed.ReadAll(bed.DeadLetterTopic, 1, TimeSpan.FromSeconds(30)));
        Assert.Equal("t1/42", message.Message.Key);
        Assert.Equal("{\"x\":1}"u8.ToArray(), message.Message.Value);
        string? Header(string name) => KafkaMessageHeaders.Get(message.Message.Headers, name);
        Assert.Equal("data/values: must be an object", Header(DeadLetterHeaders.Reason));
        Assert.Equal(bed.Topic, Header(DeadLetterHeaders.SourceTopic));
        Assert.Equal("3", Header(DeadLetterHeaders.SourcePartition));
        Assert.Equal("17", Header(DeadLetterHeaders.SourceOffset));
        Assert.Equal("5", Header(DeadLetterHeaders.Attempts));
        Assert.Equal("System.TimeoutException", Header(DeadLetterHeaders.ErrorType));
        Assert.Equal("e-1", Header(DeadLetterHeaders.EventId));
        Assert.Equal(KeelEventTypes.RecordIngested, Header(DeadLetterHeaders.EventType));
        Assert.Equal("t1", Header(DeadLetterHeaders.Tenant));
        Assert.True(DateTimeOffset.TryParse(Header(DeadLetterHeaders.Time), out _));
    }
}
