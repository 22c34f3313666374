using System.Text;
using CloudNative.CloudEvents;
using Confluent.Kafka;
using Keel.Events;
using Keel.Events.Messaging;
using Microsoft.Extensions.Logging;

namespace Keel.Kafka;

/// <summary>
/// Turns one batch of Kafka messages into handler calls and dead letters. Messages that are not
/// valid events are dead-lettered at once (they would fail the same way every time). A failing
/// batch is retried with backoff; if it keeps failing its events are tried one by one, so only
/// the events that still fail are dead-lettered. It returns when every event is handled or its
/// dead letter acknowledged, which is when the batch may be committed.
/// </summary>
internal sealed class BatchProcessor(
    string topic,
    string group,
    IEventBatchHandler handler,
    IEventPublisher deadLetters,
    KafkaConsumerOptions settings,
    KafkaConsumerCounters counters,
    CloudEventCodec codec,
    ILogger logger)
{
    private const int ParallelDecodeThreshold = 256;

    public async Task ProcessAsync(IReadOnlyList<ConsumeResult<byte[], byte[]>> batch, CancellationToken abort)
    {
        var letters = new List<DeadLetter>();
        var valid = new List<Item>(batch.Count);
        var decodedAll = new EventDecodeResult[batch.Count];
        if (batch.Count >= ParallelDecodeThreshold)
        {
            // Decoding and validating is pure CPU work per message; spread a large batch over the cores.
            Parallel.For(0, batch.Count, new ParallelOptions { CancellationToken = abort }, i => decodedAll[i] = Decode(batch[i]));
        }
        else
        {
            for (var i = 0; i < batch.Count; i++)
            {
                decodedAll[i] = Decode(batch[i]);
            }
        }
        for (var i = 0; i < batch.Count; i++)
        {
            var message = batch[i];
            var decoded = decodedAll[i];
            if (decoded.IsValid)
            {
                valid.Add(new Item(decoded.Event!, message));
            }
            else
            {
                var reason = "invalid CloudEvent: " + string.Join("; ", decoded.Problems);
                letters.Add(Letter(message, decoded.Id, decoded.Type, decoded.Tenant, reason, 0, KafkaDeadLetterErrorTypes.InvalidEvent));
            }
        }

        if (valid.Count > 0)
        {
            await HandleAsync(valid, letters, abort);
        }

        if (letters.Count > 0)
        {
            // All dead letters of the batch are sent together and must all be acknowledged before the commit.
            await Task.WhenAll(letters.Select(letter => deadLetters.DeadLetterAsync(letter, abort)));
            counters.DeadLetters(letters.Count);
            foreach (var letter in letters)
            {
                logger.LogWarning("Dead-lettered {EventId} from {Topic}[{Partition}]@{Offset} to {DeadLetterTopic} after {Attempts} attempt(s): {Reason}",
                    letter.EventId ?? "(no id)", letter.SourceTopic, letter.SourcePartition, letter.SourceOffset, letter.Topic, letter.Attempts, letter.Reason);
            }
        }
    }

    private async Task HandleAsync(List<Item> items, List<DeadLetter> letters, CancellationToken abort)
    {
        var whole = await AttemptAsync(items, abort);
        if (whole.Outcome is { } outcome)
        {
            Accept(items, outcome, whole.Attempts, letters);
            return;
        }
        if (items.Count == 1)
        {
            letters.Add(Failed(items[0], whole.Error!, whole.Attempts));
            return;
        }

        logger.LogWarning("Handler {Handler} failed {Attempts} times on a batch of {Count} events of {Topic}; trying them one by one",
            handler.Name, whole.Attempts, items.Count, topic);
        foreach (var item in items)
        {
            var single = await AttemptAsync([item], abort);
            if (single.Outcome is { } singleOutcome)
            {
                Accept([item], singleOutcome, single.Attempts, letters);
            }
            else
            {
                letters.Add(Failed(item, single.Error!, single.Attempts));
            }
        }
    }

    /// <summary>Calls the handler up to MaxAttempts times, waiting with backoff between attempts.</summary>
    private async Task<AttemptResult> AttemptAsync(IReadOnlyList<Item> items, CancellationToken abort)
    {
        var events = items.Select(i => i.Event).ToArray();
        Exception? last = null;
        for (var attempt = 1; attempt <= settings.MaxAttempts; attempt++)
        {
            var (outcome, error) = await CallHandlerAsync(events, abort);
            if (outcome is not null)
            {
                return new AttemptResult(outcome, null, attempt);
            }
            last = error;
            if (attempt < settings.MaxAttempts)
            {
                counters.Retry();
                var delay = RetryBackoff.Delay(attempt, settings.InitialBackoff, settings.MaxBackoff);
                logger.LogWarning(error, "Handler {Handler} failed on {Count} event(s) of {Topic} (attempt {Attempt} of {MaxAttempts}); retrying in {Delay} ms",
                    handler.Name, events.Length, topic, attempt, settings.MaxAttempts, (int)delay.TotalMilliseconds);
                await Task.Delay(delay, abort);
            }
        }
        return new AttemptResult(null, last, settings.MaxAttempts);
    }

    private async Task<(BatchOutcome? Outcome, Exception? Error)> CallHandlerAsync(CloudEvent[] events, CancellationToken abort)
    {
        using var activity = KafkaTelemetry.StartProcess(topic, group, events);
        try
        {
            return (await handler.HandleAsync(events, abort), null);
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            // An abort is not a failure of the events: the batch stays uncommitted and is redelivered.
            throw;
        }
        catch (Exception ex)
        {
            KafkaTelemetry.RecordError(activity, ex);
            return (null, ex);
        }
    }

    private void Accept(IReadOnlyList<Item> items, BatchOutcome outcome, int attempts, List<DeadLetter> letters)
    {
        var rejected = 0;
        foreach (var rejection in outcome.Rejected)
        {
            var item = items.FirstOrDefault(i => ReferenceEquals(i.Event, rejection.Event))
                ?? items.FirstOrDefault(i => i.Event.Id == rejection.Event.Id);
            if (item is null)
            {
                logger.LogError("Handler {Handler} rejected event {EventId}, which was not in the batch it was given; ignoring the rejection", handler.Name, rejection.Event.Id);
                continue;
            }
            rejected++;
            letters.Add(Letter(item.Message, item.Event.Id, item.Event.Type, item.Event.GetTenant(), rejection.Reason, attempts, KafkaDeadLetterErrorTypes.Rejected));
        }
        counters.Handled(items.Count - rejected);
    }

    private DeadLetter Failed(Item item, Exception error, int attempts) =>
        Letter(item.Message, item.Event.Id, item.Event.Type, item.Event.GetTenant(), error.Message, attempts, error.GetType().FullName);

    private EventDecodeResult Decode(ConsumeResult<byte[], byte[]> message)
    {
        var body = message.Message.Value;
        return body is null || body.Length == 0
            ? EventDecodeResult.Invalid(new EventProblem("body", "is empty"))
            : codec.Decode(body);
    }

    private DeadLetter Letter(ConsumeResult<byte[], byte[]> message, string? eventId, string? eventType, string? tenant, string reason, int attempts, string? errorType)
    {
        var headers = message.Message.Headers;
        return new DeadLetter(
            topic,
            message.Message.Value ?? [],
            reason,
            Key: message.Message.Key is { } key ? Encoding.UTF8.GetString(key) : null,
            EventId: eventId ?? KafkaMessageHeaders.Get(headers, KafkaMessageHeaders.EventId),
            EventType: eventType ?? KafkaMessageHeaders.Get(headers, KafkaMessageHeaders.EventType),
            Tenant: tenant ?? KafkaMessageHeaders.Get(headers, KafkaMessageHeaders.Tenant),
            SourcePartition: message.Partition.Value,
            SourceOffset: message.Offset.Value,
            Attempts: attempts,
            ErrorType: errorType);
    }

    private sealed record Item(CloudEvent Event, ConsumeResult<byte[], byte[]> Message);

    private sealed record AttemptResult(BatchOutcome? Outcome, Exception? Error, int Attempts);
}
