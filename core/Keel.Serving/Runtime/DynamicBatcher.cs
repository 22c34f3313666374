using System.Diagnostics;
using System.Threading.Channels;
using Keel.Events.Messaging;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace Keel.Serving.Runtime;

/// <summary>
/// The queue in front of one loaded model version and the worker that drains it: it takes the
/// first waiting request, then more until <see cref="ServingOptions.MaxBatchSize"/> rows or
/// <see cref="ServingOptions.MaxBatchDelay"/> has passed, and runs them as one session run. The
/// queue is bounded and never waits: a full queue refuses at once with an
/// <see cref="OverloadedException"/>, so overload is answered instead of buffered.
/// </summary>
public sealed class DynamicBatcher
{
    private readonly Channel<PendingInference> _queue;
    private readonly InferenceSession _session;
    private readonly ModelSignature _signature;
    private readonly ServingOptions _options;
    private readonly ServingMetrics _metrics;
    private readonly ILogger _logger;
    private readonly string _name;
    private readonly Task _worker;
    private int _peak;

    internal DynamicBatcher(InferenceSession session, ModelSignature signature, ServingOptions options, ServingMetrics metrics, ILogger logger, string name)
    {
        _session = session;
        _signature = signature;
        _options = options;
        _metrics = metrics;
        _logger = logger;
        _name = name;
        Capacity = Math.Max(1, options.QueueCapacity);
        _queue = Channel.CreateBounded<PendingInference>(new BoundedChannelOptions(Capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        _worker = Task.Run(WorkAsync);
    }

    public int Capacity { get; }

    /// <summary>Requests waiting now.</summary>
    public int Depth => _queue.Reader.Count;

    /// <summary>The most requests ever seen waiting at once.</summary>
    public int PeakDepth => Volatile.Read(ref _peak);

    /// <summary>Completes when the queue is closed and drained and the session disposed.</summary>
    internal Task Completion => _worker;

    internal Task<TensorResult[]> EnqueueAsync(PendingInference pending)
    {
        // TryWrite on a bounded channel in Wait mode fails at once when full instead of waiting for room.
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new OverloadedException($"The queue of {_name} is full ({Capacity} requests); retry later.", _options.RetryAfter);
        }
        var depth = _queue.Reader.Count;
        var peak = Volatile.Read(ref _peak);
        while (depth > peak && Interlocked.CompareExchange(ref _peak, depth, peak) != peak)
        {
            peak = Volatile.Read(ref _peak);
        }
        return pending.Completion.Task;
    }

    /// <summary>Takes no more requests; the worker finishes those queued, then disposes the session.</summary>
    internal void Close() => _queue.Writer.TryComplete();

    private async Task WorkAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<PendingInference>();
        var maxRows = _signature.Batchable ? Math.Max(1, _options.MaxBatchSize) : 1;
        try
        {
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                var rows = 0;
                var deadline = Stopwatch.GetTimestamp() + (long)(_options.MaxBatchDelay.TotalSeconds * Stopwatch.Frequency);
                while (rows < maxRows)
                {
                    if (reader.TryPeek(out var next))
                    {
                        if (batch.Count > 0 && rows + next.Rows > maxRows)
                        {
                            break;
                        }
                        reader.TryRead(out _);
                        if (next.Cancellation.IsCancellationRequested)
                        {
                            next.Completion.TrySetCanceled(next.Cancellation);
                            continue;
                        }
                        batch.Add(next);
                        rows += next.Rows;
                        continue;
                    }
                    var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
                    if (batch.Count == 0 || remaining <= TimeSpan.Zero || !await WaitAsync(reader, remaining).ConfigureAwait(false))
                    {
                        break;
                    }
                }
                if (batch.Count > 0)
                {
                    Run(batch, rows);
                    batch.Clear();
                }
            }
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "The batch worker of {Model} stopped", _name);
            // Closed so that later requests are refused at once instead of waiting for a worker that is gone.
            _queue.Writer.TryComplete(ex);
            while (reader.TryRead(out var left))
            {
                left.Completion.TrySetException(ex);
            }
        }
        finally
        {
            _metrics.Untrack(this);
            _session.Dispose();
        }
    }

    private static async ValueTask<bool> WaitAsync(ChannelReader<PendingInference> reader, TimeSpan timeout)
    {
        using var timer = new CancellationTokenSource(timeout);
        try
        {
            return await reader.WaitToReadAsync(timer.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private void Run(List<PendingInference> batch, int rows)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var results = BatchRunner.Run(_session, _signature, batch);
            _metrics.RecordBatch(this, rows, Stopwatch.GetElapsedTime(started));
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Completion.TrySetResult(results[i]);
            }
        }
        catch (Exception ex) when (batch.Count > 1)
        {
            // One bad request must not fail the others it happened to share a run with.
            _logger.LogDebug(ex, "A batch of {Count} requests to {Model} failed; running them one by one", batch.Count, _name);
            foreach (var pending in batch)
            {
                Run([pending], pending.Rows);
            }
        }
        catch (Exception ex)
        {
            batch[0].Completion.TrySetException(ex);
        }
    }
}
