using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Keel.Serving.Deployments;

/// <summary>
/// Runs shadow copies of requests in the background. The request path only ever tries to add a copy
/// to a bounded queue: when the queue is full the copy is dropped and counted, so a slow shadow costs
/// the primary nothing. A fixed number of workers run the copies, each under a timeout; every
/// exception and timeout is caught and counted, and the outcome goes to the sink. A shadow's result
/// never reaches the caller.
/// </summary>
public sealed class ShadowDispatcher<TRequest, TResponse> : IAsyncDisposable
{
    private readonly record struct Work(string Tenant, string Model, DeploymentVariant Variant, TRequest Request, VariantScorer<TRequest, TResponse> Scorer);

    private readonly Channel<Work> queue;
    private readonly Task[] workers;
    private readonly CancellationTokenSource stopping = new();
    private readonly ShadowSink<TRequest, TResponse> sink;
    private readonly ShadowDispatcherOptions options;
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private long enqueued, dropped, succeeded, failed, timedOut, sinkFailures, abandoned;
    private int disposed;

    public ShadowDispatcher(ShadowSink<TRequest, TResponse> sink, ShadowDispatcherOptions? options = null, ILogger? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(sink);
        this.sink = sink;
        this.options = options ?? new ShadowDispatcherOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(this.options.QueueCapacity, 1, "options.QueueCapacity");
        ArgumentOutOfRangeException.ThrowIfLessThan(this.options.Concurrency, 1, "options.Concurrency");
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(this.options.Timeout, TimeSpan.Zero, "options.Timeout");
        ArgumentOutOfRangeException.ThrowIfLessThan(this.options.MaxAbandonedCalls, 1, "options.MaxAbandonedCalls");
        this.logger = logger ?? NullLogger.Instance;
        time = timeProvider ?? TimeProvider.System;
        // Wait mode, but only TryWrite is ever called: a full queue makes TryWrite return false, which
        // is how a drop is noticed and counted (DropWrite would drop silently).
        queue = Channel.CreateBounded<Work>(new BoundedChannelOptions(this.options.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = this.options.Concurrency == 1,
            SingleWriter = false,
        });
        workers = new Task[this.options.Concurrency];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = Task.Run(RunWorkerAsync);
        }
    }

    public ShadowStatistics Statistics => new(
        Interlocked.Read(ref enqueued), Interlocked.Read(ref dropped), Interlocked.Read(ref succeeded), Interlocked.Read(ref failed),
        Interlocked.Read(ref timedOut), Interlocked.Read(ref sinkFailures), Interlocked.Read(ref abandoned));

    /// <summary>
    /// Queues a copy of the request for one shadow variant. Never blocks and never throws: when the
    /// queue is full, too many calls are abandoned, or the dispatcher is stopping, the copy is dropped,
    /// counted, and false returned. The request object is shared with the shadow call, so the caller must
    /// not change it afterwards.
    /// </summary>
    public bool TryEnqueue(string tenant, string model, DeploymentVariant variant, TRequest request, VariantScorer<TRequest, TResponse> scorer)
    {
        if (Interlocked.Read(ref abandoned) < options.MaxAbandonedCalls && queue.Writer.TryWrite(new Work(tenant, model, variant, request, scorer)))
        {
            Interlocked.Increment(ref enqueued);
            return true;
        }
        Interlocked.Increment(ref dropped);
        DeploymentMetrics.CountShadow("dropped", model, variant.Name);
        return false;
    }

    /// <summary>Queues a copy for each shadow of the decision; returns how many were accepted.</summary>
    public int TryEnqueue(in RoutingDecision decision, TRequest request, VariantScorer<TRequest, TResponse> scorer)
    {
        var accepted = 0;
        foreach (var shadow in decision.Shadows)
        {
            if (TryEnqueue(decision.Plan.Tenant, decision.Plan.Model, shadow, request, scorer))
            {
                accepted++;
            }
        }
        return accepted;
    }

    /// <summary>
    /// Serves a request as routed: copies go to the decision's shadows (scored by <paramref name="shadow"/>),
    /// and the result is exactly what <paramref name="primary"/> returns for the primary variant, or
    /// its exception. The shadows cannot change, delay or fail the response.
    /// </summary>
    public async Task<TResponse> ServeAsync(RoutingDecision decision, TRequest request, VariantScorer<TRequest, TResponse> primary, VariantScorer<TRequest, TResponse> shadow, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(primary);
        ArgumentNullException.ThrowIfNull(shadow);
        // Copies are queued first so they run alongside the primary rather than after it.
        TryEnqueue(decision, request, shadow);
        return await primary(decision.Primary, request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>As the other overload, with one scorer for every variant (it picks the model version from the variant).</summary>
    public Task<TResponse> ServeAsync(RoutingDecision decision, TRequest request, VariantScorer<TRequest, TResponse> scorer, CancellationToken cancellationToken = default) =>
        ServeAsync(decision, request, scorer, scorer, cancellationToken);

    /// <summary>Stops taking copies, lets the queued ones finish for up to <see cref="ShadowDispatcherOptions.DrainTimeout"/>, then cancels the rest.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }
        queue.Writer.TryComplete();
        var all = Task.WhenAll(workers);
        try
        {
            await all.WaitAsync(options.DrainTimeout, time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await stopping.CancelAsync().ConfigureAwait(false);
            await all.ConfigureAwait(false);
        }
        stopping.Dispose();
    }

    private async Task RunWorkerAsync()
    {
        var reader = queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(stopping.Token).ConfigureAwait(false))
            {
                while (reader.TryRead(out var work))
                {
                    await RunAsync(work).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Disposal gave up waiting; what is still queued is dropped with the dispatcher.
        }
    }

    private async Task RunAsync(Work work)
    {
        var started = time.GetTimestamp();
        using var timeout = new CancellationTokenSource(options.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, stopping.Token);
        // Task.Run: a scorer that blocks synchronously (or throws before its first await) must not hold the worker.
        var call = Task.Run(() => work.Scorer(work.Variant, work.Request, linked.Token).AsTask(), CancellationToken.None);
        ShadowStatus status;
        TResponse? output = default;
        string? error = null;
        try
        {
            // WaitAsync, not just the token: a scorer that ignores cancellation still ends here on time.
            output = await call.WaitAsync(options.Timeout, time, stopping.Token).ConfigureAwait(false);
            status = ShadowStatus.Succeeded;
        }
        catch (Exception ex) when (IsTimeout(ex, call, linked))
        {
            status = ShadowStatus.TimedOut;
            error = stopping.IsCancellationRequested ? "cancelled: the dispatcher stopped" : $"no answer within {options.Timeout.TotalMilliseconds:0} ms";
            if (!call.IsCompleted)
            {
                // WaitAsync can give up a moment before the token fires; cancel now, as the token is
                // disposed when this method returns and would then never tell the call to stop.
                await linked.CancelAsync().ConfigureAwait(false);
                Abandon(call);
            }
        }
        catch (Exception ex)
        {
            status = ShadowStatus.Failed;
            error = $"{ex.GetType().Name}: {ex.Message}";
        }

        var outcome = status switch
        {
            ShadowStatus.Succeeded => "succeeded",
            ShadowStatus.Failed => "failed",
            _ => "timed_out",
        };
        _ = status switch
        {
            ShadowStatus.Succeeded => Interlocked.Increment(ref succeeded),
            ShadowStatus.Failed => Interlocked.Increment(ref failed),
            _ => Interlocked.Increment(ref timedOut),
        };
        DeploymentMetrics.CountShadow(outcome, work.Model, work.Variant.Name);
        if (status != ShadowStatus.Succeeded)
        {
            logger.LogDebug("Shadow {Variant} (version {Version}) of {Model}: {Status}: {Error}", work.Variant.Name, work.Variant.Version, work.Model, status, error);
        }

        var result = new ShadowOutcome<TRequest, TResponse>(work.Tenant, work.Model, work.Variant, work.Request, status, output, error, time.GetElapsedTime(started), time.GetUtcNow());
        try
        {
            // The sink is bounded by the same timeout, so a stuck log cannot stall the workers.
            await sink(result, stopping.Token).AsTask().WaitAsync(options.Timeout, time, stopping.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Interlocked.Increment(ref sinkFailures);
            DeploymentMetrics.CountShadow("sink_failed", work.Model, work.Variant.Name);
            logger.LogDebug(ex, "The shadow sink failed on {Variant} of {Model}", work.Variant.Name, work.Model);
        }
    }

    /// <summary>
    /// Whether the call ended by running out of time rather than by failing. WaitAsync's own
    /// TimeoutException is a timeout even if the call ended (say, cancelled by the token) just after;
    /// a TimeoutException the scorer threw itself is a failure. A cancellation counts as a timeout only
    /// when this dispatcher cancelled.
    /// </summary>
    private static bool IsTimeout(Exception exception, Task call, CancellationTokenSource linked) => exception switch
    {
        TimeoutException => !(call.IsFaulted && ReferenceEquals(call.Exception?.InnerException, exception)),
        OperationCanceledException => linked.IsCancellationRequested,
        _ => false,
    };

    /// <summary>Leaves a timed-out call running (it cannot be stopped), counted until it ends; its exception is observed so it is not reported as unobserved.</summary>
    private void Abandon(Task<TResponse> call)
    {
        Interlocked.Increment(ref abandoned);
        call.ContinueWith(static (finished, state) =>
        {
            _ = finished.Exception;
            Interlocked.Decrement(ref ((ShadowDispatcher<TRequest, TResponse>)state!).abandoned);
        }, this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}
