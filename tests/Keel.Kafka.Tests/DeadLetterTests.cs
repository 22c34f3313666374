using System.Text;
using System.Text.Json.Nodes;
using Confluent.Kafka;
using Keel.Events;
using Keel.Events.Messaging;

namespace Keel.Kafka.Tests;

public sealed class DeadLetterTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Invalid_messages_and_rejected_events_go_to_the_dead_letter_topic_with_the_reason_while_valid_ones_are_handled()
    {
        await using var bed = KafkaTestBed.Start(partitions: 1);
        var poison = new Dictionary<string, byte[]>
        {
            ["malformed"] = "{\"specversion\":\"1.0\",\"id\":"u8.ToArray(),
            ["no-source"] = Mutate("no-source", e => e.Remove("source")),
            ["unknown-type"] = Mutate("unknown-type", e => e["type"] = "dev.keel.unknown.v1"),
            ["bad-values"] = Mutate("bad-values", e => e["data"]!["values"] = 5),
        };
        // Valid events before, between and after the poison, all in one partition.
        var valid = TestEvents.Records(20, "ok");
        var sequence = new List<(string Label, byte[] Body)>();
        var next = 0;
        foreach (var (label, body) in poison)
        {
            for (var i = 0; i < 4; i++, next++)
            {
                sequence.Add((valid[next].Id!, CloudEventCodec.Default.Encode(valid[next])));
            }
            sequence.Add((label, body));
        }
        sequence.AddRange(valid.Skip(next).Select(e => (e.Id!, CloudEventCodec.Default.Encode(e))));
        sequence.Add(("rejected", CloudEventCodec.Default.Encode(TestEvents.Record("reject-me"))));
        ProduceRaw(bed, sequence);

        var sink = new RecordingHandler("poison");
        sink.Reject = e => e.Id == "reject-me" ? "entity 42 is frozen by a legal hold" : null;
        var service = await bed.StartAsync(new IdempotentHandler(sink, bed.Ledger()));

        var letters = bed.ReadAll(bed.DeadLetterTopic, 5, Patience);
        await Eventually.True(() => sink.Applied.Count == 20, Patience, () => $"{sink.Applied.Count} of 20 valid events applied");

        Assert.Equal(5, letters.Count);
        string? Reason(string label) => KafkaMessageHeaders.Get(letters.Single(l => l.Message.Key == "key-" + label).Message.Headers, DeadLetterHeaders.Reason);
        Assert.Contains("JSON", Reason("malformed"), StringComparison.Ordinal);
        Assert.Contains("source", Reason("no-source"), StringComparison.Ordinal);
        Assert.Contains("type", Reason("unknown-type"), StringComparison.Ordinal);
        Assert.Contains("dev.keel.unknown.v1", Reason("unknown-type"), StringComparison.Ordinal);
        Assert.Contains("values", Reason("bad-values"), StringComparison.Ordinal);
        Assert.Equal("entity 42 is frozen by a legal hold", Reason("rejected"));

        foreach (var letter in letters)
        {
            var label = letter.Message.Key["key-".Length..];
            Assert.Equal(bed.Topic, KafkaMessageHeaders.Get(letter.Message.Headers, DeadLetterHeaders.SourceTopic));
            Assert.Equal("0", KafkaMessageHeaders.Get(letter.Message.Headers, DeadLetterHeaders.SourcePartition));
            // The original bytes travel unchanged, so a fixed consumer can replay them.
            Assert.Equal(sequence.Single(s => s.Label == label).Body, letter.Message.Value);
            var offset = long.Parse(KafkaMessageHeaders.Get(letter.Message.Headers, DeadLetterHeaders.SourceOffset)!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(sequence.FindIndex(s => s.Label == label), offset);
        }
        Assert.Equal(KafkaDeadLetterErrorTypes.InvalidEvent, KafkaMessageHeaders.Get(letters.Single(l => l.Message.Key == "key-no-source").Message.Headers, DeadLetterHeaders.ErrorType));
        Assert.Equal("no-source", KafkaMessageHeaders.Get(letters.Single(l => l.Message.Key == "key-no-source").Message.Headers, DeadLetterHeaders.EventId));
        Assert.Equal(KafkaDeadLetterErrorTypes.Rejected, KafkaMessageHeaders.Get(letters.Single(l => l.Message.Key == "key-rejected").Message.Headers, DeadLetterHeaders.ErrorType));

        Assert.Equal(valid.Select(e => e.Id).Order(), sink.Applied.Keys.Order());
        Assert.False(sink.Applied.ContainsKey("reject-me"));
        // Poison is never retried.
        Assert.Equal(0, service.Consumer.Counters.Retries);
        // Counted once acknowledged, which can be a moment after a reader sees the letters.
        await Eventually.True(() => service.Consumer.Counters.DeadLettered == 5, Patience, () => $"{service.Consumer.Counters.DeadLettered} dead letters counted");
    }

    [Fact]
    public async Task An_event_that_always_fails_is_dead_lettered_alone_after_max_attempts_and_the_rest_of_its_batch_is_handled()
    {
        await using var bed = KafkaTestBed.Start(partitions: 1);
        var sink = new RecordingHandler("stubborn");
        sink.BeforeApply = (batch, _, _) => batch.Any(e => e.Id == "e-00013")
            ? throw new InvalidOperationException("feature store refused entity of e-00013")
            : Task.CompletedTask;
        // Published first, so the 30 events arrive as one batch with the bad one inside.
        await bed.PublishAsync(TestEvents.Records(30));
        var service = await bed.StartAsync(new IdempotentHandler(sink, bed.Ledger()));

        var letter = Assert.Single(bed.ReadAll(bed.DeadLetterTopic, 1, Patience));
        await Eventually.True(() => sink.Applied.Count == 29, Patience, () => $"{sink.Applied.Count} of 29 applied");

        string? Header(string name) => KafkaMessageHeaders.Get(letter.Message.Headers, name);
        Assert.Equal("e-00013", Header(DeadLetterHeaders.EventId));
        Assert.Equal("feature store refused entity of e-00013", Header(DeadLetterHeaders.Reason));
        Assert.Equal("3", Header(DeadLetterHeaders.Attempts));
        Assert.Equal(typeof(InvalidOperationException).FullName, Header(DeadLetterHeaders.ErrorType));
        Assert.Equal("t1", Header(DeadLetterHeaders.Tenant));
        Assert.Equal(KeelEventTypes.RecordIngested, Header(DeadLetterHeaders.EventType));
        Assert.False(sink.Applied.ContainsKey("e-00013"));
        Assert.Equal(0, sink.DuplicateApplications);
        // Its batch (with others in it) failed three times, then the bad event alone three more.
        Assert.True(sink.Batches.First(b => b.Contains("e-00013")).Length > 1);
        Assert.Equal(6, sink.Seen["e-00013"]);
        await Eventually.True(() => service.Consumer.Counters.DeadLettered == 1, Patience, () => $"{service.Consumer.Counters.DeadLettered} dead letters counted");
        Assert.Equal(4, service.Consumer.Counters.Retries);

        // Committed past the dead letter: a new member of the group gets only what came after.
        await bed.StopConsumersAsync();
        var after = new RecordingHandler("stubborn");
        await bed.StartAsync(after);
        await bed.PublishAsync([TestEvents.Record("sentinel")]);
        await Eventually.True(() => after.Seen.ContainsKey("sentinel"), Patience, () => "the event published after the restart did not arrive");
        Assert.Equal(["sentinel"], after.Seen.Keys);
    }

    private static byte[] Mutate(string id, Action<JsonObject> change)
    {
        var json = JsonNode.Parse(CloudEventCodec.Default.Encode(TestEvents.Record(id)))!.AsObject();
        change(json);
        return Encoding.UTF8.GetBytes(json.ToJsonString());
    }

    private static void ProduceRaw(KafkaTestBed bed, IEnumerable<(string Label, byte[] Body)> messages)
    {
        using var producer = new ProducerBuilder<string, byte[]>(bed.Connection.CreateProducerConfig()).Build();
        foreach (var (label, body) in messages)
        {
            producer.Produce(bed.Topic, new Message<string, byte[]> { Key = "key-" + label, Value = body });
        }
        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(10)));
    }
}
