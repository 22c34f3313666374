using Keel.Events.Messaging;
using Keel.Serving.Runtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace Keel.Serving.Tests;

/// <summary>
/// The dynamic batcher driven without a model: a fake run records the rows of every batch and
/// can be held inside a run, so what forms a batch is asserted by batch sizes, not by timing.
/// </summary>
public sealed class BatchingTests : IDisposable
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(20);
    private readonly ServingMetrics _metrics = new();

    [Fact]
    public async Task A_lone_request_runs_at_once_instead_of_waiting_for_the_batching_delay()
    {
        var runs = new FakeRuns();
        var batcher = Batcher(runs, new ServingOptions { MaxBatchDelay = TimeSpan.FromMinutes(5) });

        var result = await Task.Run(() => batcher.EnqueueAsync(Request(1))).WaitAsync(Generous);

        Assert.Single(result);
        Assert.Equal([1], runs.Sizes);
    }

    [Fact]
    public async Task Requests_that_queue_during_a_run_form_the_next_batches_up_to_MaxBatchSize()
    {
        var runs = new FakeRuns { HoldFirst = true };
        var batcher = Batcher(runs, new ServingOptions { MaxBatchSize = 4, MaxConcurrentBatches = 1 });

        var first = Task.Run(() => batcher.EnqueueAsync(Request(1)));
        await runs.FirstStarted.WaitAsync(Generous);
        var queued = Enumerable.Range(0, 6).Select(_ => batcher.EnqueueAsync(Request(1))).ToArray();
        Assert.Equal(6, batcher.Depth);
        runs.Release();

        await Task.WhenAll(queued.Append(first)).WaitAsync(Generous);
        Assert.Equal([1, 4, 2], runs.Sizes);
        Assert.Equal(0, batcher.Depth);
    }

    [Fact]
    public async Task A_request_that_does_not_fit_the_batch_runs_in_the_next_one()
    {
        var runs = new FakeRuns { HoldFirst = true };
        var batcher = Batcher(runs, new ServingOptions { MaxBatchSize = 4, MaxConcurrentBatches = 1 });

        var first = Task.Run(() => batcher.EnqueueAsync(Request(1)));
        await runs.FirstStarted.WaitAsync(Generous);
        var queued = new[] { batcher.EnqueueAsync(Request(3)), batcher.EnqueueAsync(Request(3)), batcher.EnqueueAsync(Request(1)) };
        runs.Release();

        var results = await Task.WhenAll(queued).WaitAsync(Generous);
        await first.WaitAsync(Generous);
        Assert.Equal([1, 3, 4], runs.Sizes);
        Assert.Equal([3, 3, 1], results.Select(r => r[0].Data.Length));
    }

    [Fact]
    public async Task A_full_queue_refuses_at_once_and_serves_again_once_drained()
    {
        var runs = new FakeRuns { HoldFirst = true };
        var batcher = Batcher(runs, new ServingOptions { QueueCapacity = 2, MaxConcurrentBatches = 1, RetryAfter = TimeSpan.FromSeconds(3) });

        var first = Task.Run(() => batcher.EnqueueAsync(Request(1)));
        await runs.FirstStarted.WaitAsync(Generous);
        var queued = new[] { batcher.EnqueueAsync(Request(1)), batcher.EnqueueAsync(Request(1)) };
        // Thrown by the call itself, not by the task: nothing waits for room.
        var refused = Assert.Throws<OverloadedException>(() => { _ = batcher.EnqueueAsync(Request(1)); });
        Assert.Equal(TimeSpan.FromSeconds(3), refused.RetryAfter);
        runs.Release();

        await Task.WhenAll(queued.Append(first)).WaitAsync(Generous);
        await batcher.EnqueueAsync(Request(1)).WaitAsync(Generous);
        Assert.Equal(2, batcher.PeakDepth);
    }

    [Fact]
    public async Task Runs_execute_side_by_side_up_to_MaxConcurrentBatches()
    {
        var runs = new FakeRuns { HoldAll = true };
        var batcher = Batcher(runs, new ServingOptions { MaxConcurrentBatches = 2 });

        var first = Task.Run(() => batcher.EnqueueAsync(Request(1)));
        var second = Task.Run(() => batcher.EnqueueAsync(Request(1)));
        await runs.WaitForRunningAsync(2).WaitAsync(Generous);
        var third = batcher.EnqueueAsync(Request(1));
        Assert.Equal(1, batcher.Depth);
        runs.Release();

        await Task.WhenAll(first, second, third).WaitAsync(Generous);
        Assert.Equal(2, runs.MostAtOnce);
        Assert.Equal([1, 1, 1], runs.Sizes);
    }

    [Fact]
    public async Task A_run_waits_for_a_caller_that_is_reading_its_tensors_and_takes_it_along()
    {
        var runs = new FakeRuns();
        var batcher = Batcher(runs, new ServingOptions { MaxConcurrentBatches = 1, MaxBatchDelay = TimeSpan.FromMinutes(5) });
        using var reading = new ManualResetEventSlim();
        using var readingStarted = new ManualResetEventSlim();

        var late = Task.Run(() => batcher.EnqueueAsync(() =>
        {
            readingStarted.Set();
            reading.Wait(Generous);
            return Request(2);
        }));
        Assert.True(readingStarted.Wait(Generous));
        var early = Task.Run(() => batcher.EnqueueAsync(Request(1)));
        await Task.Delay(50);
        Assert.Empty(runs.Sizes);
        reading.Set();

        await Task.WhenAll(early, late).WaitAsync(Generous);
        Assert.Equal([3], runs.Sizes);
    }

    [Fact]
    public async Task Close_finishes_the_queued_requests_then_disposes_the_session()
    {
        var runs = new FakeRuns { HoldFirst = true };
        var session = new Session();
        var batcher = Batcher(runs, new ServingOptions { MaxConcurrentBatches = 1 }, session);

        var first = Task.Run(() => batcher.EnqueueAsync(Request(1)));
        await runs.FirstStarted.WaitAsync(Generous);
        var queued = batcher.EnqueueAsync(Request(1));
        batcher.Close();
        Assert.False(session.Disposed);
        runs.Release();

        await batcher.Completion.WaitAsync(Generous);
        Assert.True(session.Disposed);
        Assert.True(first.IsCompletedSuccessfully && queued.IsCompletedSuccessfully);
    }

    public void Dispose() => _metrics.Dispose();

    private DynamicBatcher Batcher(FakeRuns runs, ServingOptions options, IDisposable? session = null) =>
        new(runs.Run, session ?? new Session(), batchable: true, options, _metrics, NullLogger.Instance, "the test model");

    private static PendingInference Request(int rows) => new([new float[rows]], [[rows, 1]], rows, CancellationToken.None);

    private sealed class Session : IDisposable
    {
        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }

    /// <summary>A session run that answers each request with as many values as it has rows, and can be held inside the run.</summary>
    private sealed class FakeRuns
    {
        private static readonly TensorSpec Output = new("y", "FP32", typeof(float), [-1]);
        private readonly List<int> _sizes = [];
        private readonly ManualResetEventSlim _release = new();
        private readonly TaskCompletionSource _firstStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _running;
        private int _mostAtOnce;

        public bool HoldFirst { get; init; }

        public bool HoldAll { get; init; }

        public Task FirstStarted => _firstStarted.Task;

        public int MostAtOnce => Volatile.Read(ref _mostAtOnce);

        public int[] Sizes
        {
            get
            {
                lock (_sizes)
                {
                    return [.. _sizes];
                }
            }
        }

        public void Release() => _release.Set();

        public async Task WaitForRunningAsync(int count)
        {
            while (Volatile.Read(ref _running) < count)
            {
                await Task.Delay(5);
            }
        }

        public TensorResult[][] Run(IReadOnlyList<PendingInference> batch)
        {
            bool first;
            lock (_sizes)
            {
                first = _sizes.Count == 0;
                _sizes.Add(batch.Sum(p => p.Rows));
            }
            var running = Interlocked.Increment(ref _running);
            InterlockedMax(ref _mostAtOnce, running);
            _firstStarted.TrySetResult();
            if (HoldAll || (HoldFirst && first))
            {
                _release.Wait(Generous);
            }
            Interlocked.Decrement(ref _running);
            return batch.Select(p => new[] { new TensorResult(Output, [p.Rows], new float[p.Rows]) }).ToArray();
        }

        private static void InterlockedMax(ref int target, int value)
        {
            var current = Volatile.Read(ref target);
            while (value > current && Interlocked.CompareExchange(ref target, value, current) != current)
            {
                current = Volatile.Read(ref target);
            }
        }
    }
}
