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
/// Ships every prediction to Kafka as a <c>dev.keel.prediction.logged.v1</c> event without ever
/// making the prediction wait. Callers put records in a bounded in-memory queue; one background
/// sender publishes them in batches. When Kafka is slow or down the sender moves the batch in
/// flight and everything queued behind it to an on-disk spool, and until the spool is empty it
/// sends only from the spool, oldest first, so events reach Kafka in the order they were logged.
/// A spooled record is acknowledged (its position persisted) only after Kafka acknowledged it.
/// </summary>
public sealed partial class PredictionLogger : IPredictionLog, IHostedService, IAsyncDisposable
{
    /// <summary>How often the sender looks at the queue while a publish is outstanding.</summary>
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    /// <summary>Losses are logged at most this often (with the count since), and keep the health at Overflowing this long.</summary>
    private static readonly TimeSpan DropWindow = TimeSpan.FromSeconds(30);

    private static readonly JsonEventFormatter Formatter = new();

    private readonly IEventPublisher _publisher;
    private readonly PredictionLogOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly CloudEventCodec _codec = CloudEventCodec.Default;
    private readonly Channel<PredictionRecord> _queue;
    private readonly CancellationTokenSource _abort = new();
    private readonly HashSet<string> _deliveredFromFailedBatch = new(StringComparer.Ordinal);
    private readonly int _spillThreshold;
    private readonly Lock _lifecycle = new();
    private RecordSpool? _spool;
    private Task? _sender;
    private volatile bool _stopping;
    private int _disposed;
    private int _spoolClosed;
    private long _sent;
    private long _failures;
    private long _dropped;
    private long _droppedUnreported;
    private long _lastDropReport = long.MinValue;
    private long _lastDrop = long.MinValue;

    public PredictionLogger(
        IEventPublisher publisher,
        IOptions<PredictionLogOptions> options,
        IOptions<StorageOptions> storage,
        ILogger<PredictionLogger>? logger = null,
        TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(publisher);
        _publisher = publisher;
        _options = options.Value;
        _options.Validate();
        _logger = logger ?? NullLogger<PredictionLogger>.Instance;
        _time = time ?? TimeProvider.System;
        SpoolDirectory = string.IsNullOrWhiteSpace(_options.SpoolDirectory)
            ? storage.Value.Resolve("spool", "predictions")
            : Path.GetFullPath(_options.SpoolDirectory);
        _queue = Channel.CreateBounded<PredictionRecord>(new BoundedChannelOptions(_options.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        // Spilling at half the queue leaves the other half for the records that arrive while a spill is written.
        _spillThreshold = Math.Max(1, _options.QueueCapacity / 2);
    }

    public string SpoolDirectory { get; }

    public PredictionLogStatus Status
    {
        get
        {
            var spooled = _spool?.PendingRecords ?? 0;
            var last = Interlocked.Read(ref _lastDrop);
            var health = last != long.MinValue && _time.GetElapsedTime(last) < DropWindow ? PredictionLogHealth.Overflowing
                : spooled > 0 ? PredictionLogHealth.Spooling
                : PredictionLogHealth.Healthy;
            return new PredictionLogStatus(health, _queue.Reader.Count, spooled, _spool?.Bytes ?? 0,
                Interlocked.Read(ref _sent), Interlocked.Read(ref _failures), Interlocked.Read(ref _dropped));
        }
    }

    public bool TryLog(PredictionRecord record)
    {
        record = Prepare(record);
        if (_queue.Writer.TryWrite(record))
        {
            Queued();
            return true;
        }
        Drop(1, _stopping ? "stopped" : "queue_full");
        return false;
    }

    public async ValueTask<bool> LogAsync(PredictionRecord record, CancellationToken cancellationToken = default)
    {
        record = Prepare(record);
        try
        {
            await _queue.Writer.WriteAsync(record, cancellationToken);
        }
        catch (ChannelClosedException)
        {
            Drop(1, "stopped");
            return false;
        }
        Queued();
        return true;
    }

    /// <summary>Opens the spool (cutting off a record torn by a crash) and starts the sender; spooled records go first.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lock (_lifecycle)
        {
            ObjectDisposedException.ThrowIf(_stopping, this);
            if (_sender is not null)
            {
                return Task.CompletedTask;
            }
            _spool = RecordSpool.Open(SpoolDirectory, _options.SpoolMaxBytes, _options.SegmentBytes, _options.SyncSpoolWrites, _logger);
            if (_spool.PendingRecords > 0)
            {
                _logger.LogInformation("{Count} prediction events ({Bytes} bytes) left in the spool {Directory} by an earlier run are sent before new ones",
                    _spool.PendingRecords, _spool.Bytes, SpoolDirectory);
            }
            // Not under the caller's activity: the sender outlives it, and each event carries its own request's trace.
            using (ExecutionContext.SuppressFlow())
            {
                _sender = Task.Run(RunAsync, CancellationToken.None);
            }
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// Stops taking records and sends what is queued while Kafka takes it. When the host's patience
    /// (<paramref name="cancellationToken"/>) runs out, or Kafka fails, what is left goes to the spool
    /// for the next start.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Task? sender;
        bool first;
        lock (_lifecycle)
        {
            first = !_stopping;
            _stopping = true;
            _queue.Writer.TryComplete();
            sender = _sender;
        }
        if (sender is null)
        {
            var lost = _queue.Reader.Count;
            if (first && lost > 0)
            {
                Drop(lost, "stopped");
            }
            return;
        }
        using (cancellationToken.Register(_abort.Cancel))
        {
            await sender.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        // Stopped once by the host and again when disposed: the spool is closed by whichever gets here first.
        if (Interlocked.Exchange(ref _spoolClosed, 1) == 0)
        {
            var spool = _spool!;
            if (spool.PendingRecords > 0)
            {
                _logger.LogWarning("Prediction log stopped with {Count} events in the spool {Directory}; they are sent at the next start",
                    spool.PendingRecords, SpoolDirectory);
            }
            spool.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        // The container may dispose the one instance once per registration.
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        // Disposing without a graceful stop is a hard stop: nothing more is sent, what is left is spooled.
        await StopAsync(new CancellationToken(canceled: true));
        _abort.Dispose();
    }

    private PredictionRecord Prepare(PredictionRecord record)
    {
        PredictionEvents.Validate(record);
        if (record.Time == default)
        {
            record = record with { Time = _time.GetUtcNow() };
        }
        // Captured now, on the request's thread: the sender runs outside the request's trace.
        if (record.TraceParent is null && TraceParent.From(Activity.Current) is { } traceParent)
        {
            record = record with { TraceParent = traceParent };
        }
        return record;
    }
}
