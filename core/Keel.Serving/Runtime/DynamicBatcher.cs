using System.Threading.Channels;
using Keel.Events.Messaging;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace Keel.Serving.Runtime;

/// <summary>
/// The queue in front of one loaded model version and the runs that drain it. Whoever runs
/// takes what is queued at that moment (up to <see cref="ServingOptions.MaxBatchSize"/> rows)
/// instead of waiting for a batch to fill: requests that arrive while a run executes queue up
/// and form the next batch by themselves, so batches grow with load and a request on an idle
/// queue is not delayed. A run waits (at most <see cref="ServingOptions.MaxBatchDelay"/>) only
/// for requests it knows are coming: callers already past the model lookup, reading their
/// tensors. Up to <see cref="ServingOptions.MaxConcurrentBatches"/> runs execute at once. The
/// queue is bounded and never waits: a full queue refuses at once with an
/// <see cref="OverloadedException"/>, so overload is answered instead of buffered.
/// </summary>
public sealed partial class DynamicBatcher
{
    private readonly Channel<PendingInference> _queue;
    private readonly Func<IReadOnlyList<PendingInference>, TensorResult[][]> _run;
    private readonly IDisposable _session;
    private readonly ServingOptions _options;
    private readonly ServingMetrics _metrics;
    private readonly ILogger _logger;
    private readonly string _name;
    private readonly BatchReporter? _reporter;
    private readonly int _maxRows;
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _stopped = new();
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _peak;
    private int _arriving;
    private int _drainers;

    internal DynamicBatcher(InferenceSession session, ModelSignature signature, ServingOptions options, ServingMetrics metrics, ILogger logger, string name,
        BatchReporter? reporter = null)
        : this(batch => BatchRunner.Run(session, signature, batch), session, signature.Batchable, options, metrics, logger, name, reporter)
    {
    }

    /// <summary>A batcher over any run of a batch: the seam the batching tests drive without a model.</summary>
    internal DynamicBatcher(Func<IReadOnlyList<PendingInference>, TensorResult[][]> run, IDisposable session, bool batchable,
        ServingOptions options, ServingMetrics metrics, ILogger logger, string name, BatchReporter? reporter = null)
    {
        _reporter = reporter;
        _run = run;
        _session = session;
        _options = options;
        _metrics = metrics;
        _logger = logger;
        _name = name;
        _maxRows = batchable ? Math.Max(1, options.MaxBatchSize) : 1;
        Capacity = Math.Max(1, options.QueueCapacity);
        Workers = Math.Max(1, options.MaxConcurrentBatches);
        _slots = new SemaphoreSlim(Workers, Workers);
        _queue = Channel.CreateBounded<PendingInference>(new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.Wait });
    }

    public int Capacity { get; }

    /// <summary>Session runs that may execute at once.</summary>
    public int Workers { get; }

    /// <summary>Requests waiting now.</summary>
    public int Depth => _queue.Reader.Count;

    /// <summary>The most requests ever seen waiting at once.</summary>
    public int PeakDepth => Volatile.Read(ref _peak);

    /// <summary>Completes when the queue is closed and drained and the session disposed.</summary>
    internal Task Completion => _drained.Task;

    /// <summary>
    /// Builds a request and queues it. While <paramref name="build"/> runs (reading the caller's
    /// tensors) the request counts as arriving, which is what lets a run wait for it.
    /// </summary>
    internal Task<TensorResult[]> EnqueueAsync(Func<PendingInference> build)
    {
        PendingInference pending;
        Interlocked.Increment(ref _arriving);
        try
        {
            pending = build();
        }
        finally
        {
            // Before the write: a run that sees the request neither arriving nor queued only
            // misses it for this batch, while one that saw it arriving after it was taken would
            // wait for it in vain. A build that fails wakes no one; the run waits out the delay.
            Interlocked.Decrement(ref _arriving);
        }
        Write(pending);
        return RunOrAwaitAsync(pending);
    }

    internal Task<TensorResult[]> EnqueueAsync(PendingInference pending)
    {
        Write(pending);
        return RunOrAwaitAsync(pending);
    }

    /// <summary>Takes no more requests; the runs finish those queued, then the session is disposed.</summary>
    internal void Close()
    {
        if (_queue.Writer.TryComplete())
        {
            _ = FinishAsync();
        }
    }

    private void Write(PendingInference pending)
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
    }

    private async Task FinishAsync()
    {
        try
        {
            await _queue.Reader.Completion.ConfigureAwait(false);
            // Every slot taken back means no run is still executing on the session.
            for (var i = 0; i < Workers; i++)
            {
                await _slots.WaitAsync().ConfigureAwait(false);
            }
            await _stopped.CancelAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Draining {Model} failed", _name);
        }
        finally
        {
            _metrics.Untrack(this);
            _session.Dispose();
            _drained.TrySetResult();
        }
    }
}
