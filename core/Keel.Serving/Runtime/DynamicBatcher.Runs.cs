using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Keel.Serving.Runtime;

public sealed partial class DynamicBatcher
{
    /// <summary>
    /// When a run slot is free the caller runs the batch on its own thread: handing the request
    /// to a worker thread and the result back again costs two thread switches, which on a busy
    /// machine take longer than a small model's run.
    /// </summary>
    private async Task<TensorResult[]> RunOrAwaitAsync(PendingInference pending)
    {
        if (_slots.Wait(0))
        {
            await RunInSlotAsync(new BatchBuilder(_maxRows), background: false).ConfigureAwait(false);
        }
        return await pending.Completion.Task.ConfigureAwait(false);
    }

    /// <summary>
    /// Runs one batch while holding a run slot, then lets the slot go. A request held back for
    /// the next batch keeps the slot and is run in the background; so is a queue left non-empty,
    /// rather than keep a caller whose own request is done from answering.
    /// </summary>
    private async Task RunInSlotAsync(BatchBuilder batch, bool background)
    {
        var reader = _queue.Reader;
        while (true)
        {
            try
            {
                batch.TakeQueued(reader);
                if (batch.Requests.Count > 0 && !batch.Full && Volatile.Read(ref _arriving) > 0)
                {
                    await WaitForArrivingAsync(reader, batch).ConfigureAwait(false);
                }
                if (batch.Requests.Count > 0)
                {
                    Run(batch.Requests, batch.Rows);
                    batch.Clear();
                }
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "Batching for {Model} failed", _name);
                batch.Fail(ex);
            }
            if (!batch.HasHeld)
            {
                break;
            }
            if (!background)
            {
                _ = Task.Run(() => RunInSlotAsync(batch, background: true));
                return;
            }
        }
        _slots.Release();
        // Checked after the release: a caller that queued while every slot was busy found none
        // free, so whoever frees one must see its request.
        if (reader.Count > 0)
        {
            ScheduleDrainer();
        }
    }

    /// <summary>Starts a background run of what is queued, unless as many are already on their way as there are slots.</summary>
    private void ScheduleDrainer()
    {
        if (Interlocked.Increment(ref _drainers) > Workers)
        {
            Interlocked.Decrement(ref _drainers);
            return;
        }
        _ = Task.Run(DrainAsync);
    }

    private async Task DrainAsync()
    {
        try
        {
            await _slots.WaitAsync(_stopped.Token).ConfigureAwait(false);
            await RunInSlotAsync(new BatchBuilder(_maxRows), background: true).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The batcher is drained and its session gone; nothing is left to run.
            return;
        }
        finally
        {
            Interlocked.Decrement(ref _drainers);
        }
        // A request queued while this drainer still counted may have been left to it.
        if (_queue.Reader.Count > 0)
        {
            ScheduleDrainer();
        }
    }

    /// <summary>
    /// Waits, up to the batching delay, for the callers that are reading their tensors now:
    /// each one that joins this run saves a run of its own. It stops as soon as none is left
    /// arriving or the batch is full, so an idle queue is never waited on.
    /// </summary>
    private async Task WaitForArrivingAsync(ChannelReader<PendingInference> reader, BatchBuilder batch)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(_options.MaxBatchDelay.TotalSeconds * Stopwatch.Frequency);
        while (!batch.Full && Volatile.Read(ref _arriving) > 0)
        {
            var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
            if (remaining <= TimeSpan.Zero || !await WaitAsync(reader, remaining).ConfigureAwait(false))
            {
                return;
            }
            batch.TakeQueued(reader);
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

    private void Run(IReadOnlyList<PendingInference> batch, int rows)
    {
        // The wall-clock start is read only when someone meters the run.
        var startedAt = _reporter is null ? default : DateTimeOffset.UtcNow;
        var started = Stopwatch.GetTimestamp();
        try
        {
            var results = _run(batch);
            var elapsed = Stopwatch.GetElapsedTime(started);
            _metrics.RecordBatch(this, rows, elapsed);
            _reporter?.Report(startedAt, elapsed, batch, succeeded: true);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Completion.TrySetResult(results[i]);
            }
        }
        catch (Exception ex) when (batch.Count > 1)
        {
            // The failed run held the device all the same.
            _reporter?.Report(startedAt, Stopwatch.GetElapsedTime(started), batch, succeeded: false);
            // One bad request must not fail the others it happened to share a run with.
            _logger.LogDebug(ex, "A batch of {Count} requests to {Model} failed; running them one by one", batch.Count, _name);
            foreach (var pending in batch)
            {
                Run([pending], pending.Rows);
            }
        }
        catch (Exception ex)
        {
            _reporter?.Report(startedAt, Stopwatch.GetElapsedTime(started), batch, succeeded: false);
            batch[0].Completion.TrySetException(ex);
        }
    }
}
