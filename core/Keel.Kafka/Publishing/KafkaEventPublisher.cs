using System.Diagnostics;
using System.Globalization;
using CloudNative.CloudEvents;
using Confluent.Kafka;
using Keel.Events;
using Keel.Events.Messaging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Keel.Kafka;

/// <summary>
/// Publishes CloudEvents to Kafka through one idempotent producer (acks=all). A publish completes
/// only when every event was acknowledged, so a caller may report them as stored. An event's key
/// is its tenant and entity (<c>subject</c>, else its id), which keeps an entity's events in one
/// partition and therefore in order.
/// </summary>
public sealed class KafkaEventPublisher : IEventPublisher, IDisposable
{
    /// <summary>Header values are bounded so a long error text cannot make a dead letter too large to send.</summary>
    public const int MaxHeaderLength = 4096;

    private static readonly TimeSpan QueueFullPoll = TimeSpan.FromMilliseconds(10);

    private readonly KafkaConnection _connection;
    private readonly KafkaProducerOptions _settings;
    private readonly CloudEventCodec _codec;
    private readonly ILogger _logger;
    private readonly IProducer<string, byte[]> _producer;
    private int _disposed;

    public KafkaEventPublisher(KafkaConnection connection, ILogger<KafkaEventPublisher>? logger = null, CloudEventCodec? codec = null)
    {
        _connection = connection;
        _settings = connection.Options.Producer;
        _codec = codec ?? CloudEventCodec.Default;
        _logger = logger ?? NullLogger<KafkaEventPublisher>.Instance;
        _producer = new ProducerBuilder<string, byte[]>(connection.CreateProducerConfig())
            .SetLogHandler((_, message) => KafkaClientLog.Write(_logger, message))
            .SetErrorHandler((_, error) => KafkaClientLog.Error(_logger, error))
            .Build();
    }

    /// <summary>The message key of an event: <c>{tenant}/{subject ?? id}</c>.</summary>
    public static string KeyOf(CloudEvent cloudEvent) =>
        $"{cloudEvent.GetTenant() ?? TenantName.Default}/{cloudEvent.Subject ?? cloudEvent.Id}";

    public async Task PublishAsync(string topic, IReadOnlyList<CloudEvent> events, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        ArgumentNullException.ThrowIfNull(events);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        cancellationToken.ThrowIfCancellationRequested();
        if (events.Count == 0)
        {
            return;
        }
        _connection.EnsureTopic(topic);

        using var activity = KafkaTelemetry.StartSend(topic, events.Count);
        // Every event is encoded before the first is sent, so an invalid one fails the call with nothing sent.
        var messages = new Message<string, byte[]>[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            var cloudEvent = events[i];
            if (cloudEvent.GetTraceParent() is null && TraceParent.From(Activity.Current) is { } traceParent)
            {
                // The trace continues in whoever consumes the event.
                cloudEvent.SetTraceParent(traceParent);
            }
            messages[i] = ToMessage(cloudEvent);
        }

        var tracker = new DeliveryTracker();
        try
        {
            for (var i = 0; i < messages.Length; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var eventId = events[i].Id;
                await ProduceAsync(topic, messages[i], eventId, tracker, report => tracker.Reported(eventId, report.Error), cancellationToken);
            }
        }
        catch (Exception ex)
        {
            KafkaTelemetry.RecordError(activity, ex);
            throw;
        }
        finally
        {
            tracker.AllSent();
        }

        await tracker.Completion.WaitAsync(cancellationToken);
        var failures = tracker.Failures;
        if (failures.Count > 0)
        {
            var exception = new KafkaPublishException(topic, failures);
            KafkaTelemetry.RecordError(activity, exception);
            throw exception;
        }
    }

    public async Task DeadLetterAsync(DeadLetter letter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(letter);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        // Only the dead-letter topic: the source may be a logical one (HTTP ingest) that is no Kafka topic.
        _connection.EnsureTopic(letter.Topic);

        var headers = new Headers();
        KafkaMessageHeaders.Add(headers, DeadLetterHeaders.Reason, Bounded(letter.Reason));
        KafkaMessageHeaders.Add(headers, DeadLetterHeaders.SourceTopic, letter.SourceTopic);
        KafkaMessageHeaders.Add(headers, DeadLetterHeaders.SourcePartition, letter.SourcePartition?.ToString(CultureInfo.InvariantCulture));
        KafkaMessageHeaders.Add(headers, DeadLetterHeaders.SourceOffset, letter.SourceOffset?.ToString(CultureInfo.InvariantCulture));
        KafkaMessageHeaders.Add(headers, DeadLetterHeaders.Attempts, letter.Attempts.ToString(CultureInfo.InvariantCulture));
        KafkaMessageHeaders.Add(headers, DeadLetterHeaders.ErrorType, letter.ErrorType);
        KafkaMessageHeaders.Add(headers, DeadLetterHeaders.EventId, Bounded(letter.EventId));
        KafkaMessageHeaders.Add(headers, DeadLetterHeaders.EventType, Bounded(letter.EventType));
        KafkaMessageHeaders.Add(headers, DeadLetterHeaders.Tenant, Bounded(letter.Tenant));
        KafkaMessageHeaders.Add(headers, DeadLetterHeaders.Time, DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
        // A message that had no key keeps none (the serializer writes null as no key).
        var message = new Message<string, byte[]> { Key = letter.Key!, Value = letter.Payload.ToArray(), Headers = headers };

        var tracker = new DeliveryTracker();
        await ProduceAsync(letter.Topic, message, letter.EventId, tracker, report => tracker.Reported(letter.EventId, report.Error), cancellationToken);
        tracker.AllSent();
        await tracker.Completion.WaitAsync(cancellationToken);
        if (tracker.Failures.Count > 0)
        {
            throw new KafkaPublishException(letter.Topic, tracker.Failures);
        }
    }

    /// <summary>Waits (bounded) for what was acknowledged by the caller's contract to actually reach the cluster.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        var left = _producer.Flush(_settings.FlushTimeout);
        if (left > 0)
        {
            _logger.LogWarning("Kafka producer closed with {Count} message(s) not acknowledged after {Timeout}; their publishers were not told they were stored", left, _settings.FlushTimeout);
        }
        _producer.Dispose();
    }

    private Message<string, byte[]> ToMessage(CloudEvent cloudEvent)
    {
        var headers = new Headers();
        KafkaMessageHeaders.Add(headers, KafkaMessageHeaders.ContentType, CloudEventCodec.StructuredContentType);
        KafkaMessageHeaders.Add(headers, KafkaMessageHeaders.EventId, cloudEvent.Id);
        KafkaMessageHeaders.Add(headers, KafkaMessageHeaders.EventType, cloudEvent.Type);
        KafkaMessageHeaders.Add(headers, KafkaMessageHeaders.Tenant, cloudEvent.GetTenant());
        KafkaMessageHeaders.Add(headers, KafkaMessageHeaders.TraceParent, cloudEvent.GetTraceParent());
        return new Message<string, byte[]> { Key = KeyOf(cloudEvent), Value = _codec.Encode(cloudEvent), Headers = headers };
    }

    /// <summary>
    /// Hands one message to the producer. A full local queue is waited on, up to the configured
    /// time, while acknowledgements drain it; after that the caller is told the cluster is overloaded.
    /// </summary>
    private async ValueTask ProduceAsync(
        string topic,
        Message<string, byte[]> message,
        string? eventId,
        DeliveryTracker tracker,
        Action<DeliveryReport<string, byte[]>> onReport,
        CancellationToken cancellationToken)
    {
        DateTimeOffset? giveUpAt = null;
        while (true)
        {
            tracker.Sending();
            try
            {
                _producer.Produce(topic, message, onReport);
                return;
            }
            catch (ProduceException<string, byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
            {
                tracker.NotSent(eventId, reason: null);
            }
            catch (ProduceException<string, byte[]> ex)
            {
                tracker.NotSent(eventId, $"{ex.Error.Reason} ({ex.Error.Code})");
                return;
            }

            var now = DateTimeOffset.UtcNow;
            giveUpAt ??= now + _settings.QueueFullTimeout;
            if (now >= giveUpAt)
            {
                throw new KafkaOverloadedException(topic, _settings.QueueBufferingMaxMessages, RetryAfter());
            }
            await Task.Delay(QueueFullPoll, cancellationToken);
        }
    }

    private TimeSpan RetryAfter() => _settings.QueueFullTimeout > TimeSpan.FromSeconds(1) ? _settings.QueueFullTimeout : TimeSpan.FromSeconds(1);

    private static string? Bounded(string? value) =>
        value is null || value.Length <= MaxHeaderLength ? value : value[..(MaxHeaderLength - 1)] + "…";
}
