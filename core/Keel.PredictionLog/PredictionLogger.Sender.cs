using System.Diagnostics;
using System.Threading.Channels;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using Keel.Events;
using Keel.Events.Messaging;
using Keel.Kafka;
using Keel.PredictionLog.Spool;
using Keel.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Keel.PredictionLog;

/// <summary>
/// The sender: one loop that takes records from memory while the spool is empty and from the
/// spool otherwise, publishes them, spools what Kafka does not take in time, and acknowledges
/// spooled records once Kafka acknowledged them.
/// </summary>
public sealed partial class PredictionLogger
{
    private async Task RunAsync()
    {
        var backoff = _options.InitialRetryBackoff;
        while (true)
        {
            try
            {
                var batch = _spool!.PendingRecords > 0 ? ReadSpool() : await TakeQueueAsync();
                if (batch is null)
                {
                    break;
                }
                if (await SendAsync(batch))
                {
                    backoff = _options.InitialRetryBackoff;
                    continue;
                }
            }
            catch (OperationCanceledException) when (_abort.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // The spool's disk failing, most likely; the sender keeps going rather than leave predictions unlogged.
                _logger.LogError(ex, "Prediction log sender failed; retrying in {Backoff}", backoff);
            }
            if (_stopping)
            {
                // Kafka is failing and the host is going: what is left waits on disk for the next start.
                break;
            }
            await BackoffAsync(backoff);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.MaxRetryBackoff.Ticks));
        }
        try
        {
            SpillQueue();
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Prediction log could not spool the {Count} records still in memory at stop", _queue.Reader.Count);
        }
    }

    /// <summary>The next records from memory, when the spool is empty; null once stopped with nothing left.</summary>
    private async Task<Batch?> TakeQueueAsync()
    {
        var reader = _queue.Reader;
        if (!await reader.WaitToReadAsync(_abort.Token))
        {
            return null;
        }
        var events = new List<CloudEvent>(Math.Min(reader.Count, _options.BatchSize));
        while (events.Count < _options.BatchSize && reader.TryRead(out var record))
        {
            Dequeued();
            if (ToEvent(record) is { } cloudEvent)
            {
                events.Add(cloudEvent);
            }
        }
        return new Batch(events);
    }

    /// <summary>The oldest spooled records, less those Kafka already took in a publish that failed only in part.</summary>
    private Batch ReadSpool()
    {
        var read = _spool!.Read(_options.BatchSize);
        var events = new List<CloudEvent>(read.Records.Count);
        var skipped = new List<string>();
        foreach (var payload in read.Records)
        {
            CloudEvent cloudEvent;
            try
            {
                cloudEvent = Formatter.DecodeStructuredModeMessage(payload, contentType: null, KeelAttributes.All);
            }
            catch (Exception ex) when (ex is ArgumentException or System.Text.Json.JsonException or FormatException)
            {
                // The checksum matched, so the record is as it was written: it will never decode, and retrying it would stall the spool.
                _logger.LogError(ex, "A spooled prediction event could not be read and is dropped");
                Drop(1, "corrupt");
                continue;
            }
            // Kept in the set until this batch is acknowledged: if it fails again, they must be skipped again.
            if (_deliveredFromFailedBatch.Contains(cloudEvent.Id!))
            {
                skipped.Add(cloudEvent.Id!);
            }
            else
            {
                events.Add(cloudEvent);
            }
        }
        return new Batch(events) { FromSpool = true, InSpool = true, SpooledRecords = read.Records.Count, End = read.End, Skipped = skipped };
    }

    /// <summary>
    /// Publishes one batch. While Kafka has not answered, records arriving behind it are moved to
    /// the spool, once it has been outstanding for <see cref="PredictionLogOptions.SpillAfter"/> or
    /// the queue is half full, with the batch itself written first so the spool keeps the order.
    /// </summary>
    private async Task<bool> SendAsync(Batch batch)
    {
        var started = _time.GetTimestamp();
        var publish = StartPublish(batch);
        while (!publish.IsCompleted)
        {
            await Task.WhenAny(publish, Task.Delay(Poll, _time, CancellationToken.None));
            if (publish.IsCompleted)
            {
                break;
            }
            if (batch.InSpool || _time.GetElapsedTime(started) >= _options.SpillAfter || _queue.Reader.Count >= _spillThreshold)
            {
                SpoolBatch(batch);
                SpillQueue();
            }
        }

        try
        {
            await publish;
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            // A hard stop: Kafka may still deliver what was handed over, so the next start may send it again.
            SpoolBatch(batch);
            DropUnspooled(batch);
            throw;
        }
        catch (Exception ex)
        {
            Interlocked.Increment(ref _failures);
            PredictionLogMetrics.Failures.Add(1);
            RememberPartialDelivery(batch, ex);
            SpoolBatch(batch);
            DropUnspooled(batch);
            _logger.LogWarning("Kafka did not take {Count} prediction events ({Reason}); {Spooled} wait in the spool and are retried",
                batch.Events.Count, ex.Message, _spool!.PendingRecords);
            return false;
        }

        if (batch.InSpool)
        {
            _spool!.Acknowledge(batch.End, batch.SpooledRecords);
            foreach (var id in batch.Skipped)
            {
                _deliveredFromFailedBatch.Remove(id);
            }
            if (_spool.PendingRecords == 0)
            {
                _deliveredFromFailedBatch.Clear();
                _logger.LogInformation("Prediction log spool drained; events go to Kafka directly again");
            }
        }
        Interlocked.Add(ref _sent, batch.Events.Count);
        PredictionLogMetrics.Sent.Add(batch.Events.Count);
        return true;
    }

    /// <summary>A publisher that throws instead of returning a failed task still fails only this batch, which is then spooled.</summary>
    private Task StartPublish(Batch batch)
    {
        if (batch.Events.Count == 0)
        {
            return Task.CompletedTask;
        }
        try
        {
            return _publisher.PublishAsync(_options.Topic, batch.Events, _abort.Token);
        }
        catch (Exception ex)
        {
            return Task.FromException(ex);
        }
    }

    /// <summary>
    /// Kafka names the events it did not acknowledge; the others of the batch are stored, and are
    /// skipped when the batch is read back from the spool, so only the failed ones are sent again.
    /// </summary>
    private void RememberPartialDelivery(Batch batch, Exception exception)
    {
        if (exception is not KafkaPublishException failure || failure.Failures.Any(f => f.EventId is null))
        {
            return;
        }
        var failed = failure.Failures.Select(f => f.EventId!).ToHashSet(StringComparer.Ordinal);
        foreach (var cloudEvent in batch.Events)
        {
            if (!failed.Contains(cloudEvent.Id!))
            {
                _deliveredFromFailedBatch.Add(cloudEvent.Id!);
            }
        }
    }

    /// <summary>
    /// Writes a batch from memory to the spool, where it is the oldest record (the spool was empty
    /// when it was taken). What does not fit under the bound stays with the publish in flight: it
    /// is lost only if that publish fails.
    /// </summary>
    private void SpoolBatch(Batch batch)
    {
        if (batch.InSpool || batch.SpoolAttempted)
        {
            return;
        }
        batch.SpoolAttempted = true;
        var appended = Append(batch.Events.Select(_codec.Encode).ToList(), countDrops: false);
        batch.InSpool = appended.Count > 0;
        batch.SpooledRecords = appended.Count;
        batch.End = appended.End;
    }

    /// <summary>A failed batch's records that the spool had no room for are lost.</summary>
    private void DropUnspooled(Batch batch)
    {
        if (!batch.FromSpool && batch.Events.Count > batch.SpooledRecords)
        {
            Drop(batch.Events.Count - batch.SpooledRecords, "spool_full");
        }
    }

    /// <summary>Moves everything in memory to the spool, behind what is there.</summary>
    private void SpillQueue()
    {
        var payloads = new List<byte[]>();
        while (_queue.Reader.TryRead(out var record))
        {
            Dequeued();
            if (ToEvent(record) is { } cloudEvent)
            {
                payloads.Add(_codec.Encode(cloudEvent));
            }
            if (payloads.Count == _options.BatchSize)
            {
                Append(payloads);
                payloads.Clear();
            }
        }
        Append(payloads);
    }

    private SpoolAppend Append(List<byte[]> payloads, bool countDrops = true)
    {
        var oversized = payloads.RemoveAll(p => p.Length > RecordSpool.MaxRecordBytes);
        if (oversized > 0)
        {
            _logger.LogError("{Count} prediction events are larger than the spool's {Max} bytes per record and are dropped", oversized, RecordSpool.MaxRecordBytes);
            Drop(oversized, "invalid");
        }
        if (payloads.Count == 0)
        {
            return new SpoolAppend(0, default);
        }
        SpoolAppend appended;
        try
        {
            appended = _spool!.Append(payloads);
        }
        catch (IOException ex)
        {
            _logger.LogError(ex, "Prediction spool {Directory} could not be written", SpoolDirectory);
            if (countDrops)
            {
                Drop(payloads.Count, "spool_error");
            }
            return new SpoolAppend(0, default);
        }
        if (appended.Count > 0)
        {
            PredictionLogMetrics.Spooled.Add(appended.Count);
        }
        if (countDrops && appended.Count < payloads.Count)
        {
            Drop(payloads.Count - appended.Count, "spool_full");
        }
        return appended;
    }

    /// <summary>Waits before the next attempt, moving arriving records to disk meanwhile so the queue never fills.</summary>
    private async Task BackoffAsync(TimeSpan delay)
    {
        var until = _time.GetTimestamp() + (long)(delay.TotalSeconds * _time.TimestampFrequency);
        while (_time.GetTimestamp() < until && !_stopping && !_abort.IsCancellationRequested)
        {
            try
            {
                SpillQueue();
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "Prediction log could not spool queued records");
            }
            await Task.Delay(Poll, _time, CancellationToken.None);
        }
    }

    private CloudEvent? ToEvent(PredictionRecord record)
    {
        try
        {
            if (!TraceParent.IsValid(record.TraceParent))
            {
                return PredictionEvents.Create(record, _options.Source);
            }
            // The event joins the trace of the request that made the prediction, through its own span.
            using var create = KafkaTelemetry.StartCreate(_options.Topic, record.TraceParent, record.PredictionId);
            return PredictionEvents.Create(record with { TraceParent = TraceParent.From(create) ?? record.TraceParent }, _options.Source);
        }
        catch (Exception ex) when (ex is ArgumentException or UriFormatException)
        {
            _logger.LogError(ex, "Prediction {PredictionId} cannot be logged", record.PredictionId);
            Drop(1, "invalid");
            return null;
        }
    }

    private static void Queued()
    {
        PredictionLogMetrics.Queued.Add(1);
        PredictionLogMetrics.QueueDepth.Add(1);
    }

    private static void Dequeued() => PredictionLogMetrics.QueueDepth.Add(-1);

    /// <summary>Counts a loss and says so loudly: an error log at once, then at most one per window with the count since.</summary>
    private void Drop(long count, string reason)
    {
        Interlocked.Add(ref _dropped, count);
        Interlocked.Add(ref _droppedUnreported, count);
        PredictionLogMetrics.Dropped.Add(count, new KeyValuePair<string, object?>("reason", reason));
        var now = _time.GetTimestamp();
        Interlocked.Exchange(ref _lastDrop, now);
        var last = Interlocked.Read(ref _lastDropReport);
        if ((last == long.MinValue || _time.GetElapsedTime(last, now) >= DropWindow)
            && Interlocked.CompareExchange(ref _lastDropReport, now, last) == last)
        {
            _logger.LogError("Prediction log is losing predictions: {Count} dropped ({Reason}); {Total} in all. Spool {Directory} holds {Bytes} of at most {MaxBytes} bytes",
                Interlocked.Exchange(ref _droppedUnreported, 0), reason, Interlocked.Read(ref _dropped), SpoolDirectory, _spool?.Bytes ?? 0, _options.SpoolMaxBytes);
        }
    }

    private sealed class Batch(List<CloudEvent> events)
    {
        public List<CloudEvent> Events { get; } = events;

        /// <summary>Spooled events left out because Kafka already acknowledged them in a publish that failed in part.</summary>
        public IReadOnlyList<string> Skipped { get; init; } = [];

        /// <summary>Read from the spool, rather than taken from memory.</summary>
        public bool FromSpool { get; init; }

        /// <summary>The batch is (also) in the spool, as its oldest records, and must be acknowledged there once sent.</summary>
        public bool InSpool { get; set; }

        /// <summary>Writing the batch to the spool was tried once; what did not fit then will not fit later.</summary>
        public bool SpoolAttempted { get; set; }

        public long SpooledRecords { get; set; }

        public SpoolPosition End { get; set; }
    }
}
