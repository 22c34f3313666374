using System.Collections.Concurrent;
using System.Diagnostics;

namespace Keel.Serving.Deployments.Tests;

public class ShadowDispatcherTests
{
    private sealed record Request(int Id);

    private static readonly RoutingTable Table = RoutingTable.Build(Plans.Canary(10, RoutingMode.Weighted, Plans.Shadow()));
    private static readonly TrafficRouter Router = new(new Random(9));

    private static ValueTask<double> Primary(DeploymentVariant variant, Request request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(request.Id * 10.0 + variant.Version);

    private static ShadowSink<Request, double> Ignore => (_, _) => ValueTask.CompletedTask;

    [Fact]
    public async Task The_response_is_the_primarys_even_when_the_shadow_throws_and_failures_are_counted()
    {
        var outcomes = new ConcurrentBag<ShadowOutcome<Request, double>>();
        var dispatcher = new ShadowDispatcher<Request, double>((o, _) => { outcomes.Add(o); return ValueTask.CompletedTask; },
            new ShadowDispatcherOptions { QueueCapacity = 10_000 });

        var responses = await Task.WhenAll(Enumerable.Range(0, 1000).Select(async i =>
        {
            var decision = Router.Route(Table);
            var response = await dispatcher.ServeAsync(decision, new Request(i), Primary,
                (_, _, _) => i % 2 == 0 ? throw new InvalidOperationException("shadow exploded synchronously") : Explode());
            return (Expected: i * 10.0 + decision.Primary.Version, Actual: response);
        }));
        await dispatcher.DisposeAsync();

        Assert.All(responses, r => Assert.Equal(r.Expected, r.Actual));
        var stats = dispatcher.Statistics;
        Assert.Equal(1000, stats.Enqueued);
        Assert.Equal(1000, stats.Failed);
        Assert.Equal(0, stats.Succeeded);
        Assert.Equal(1000, outcomes.Count);
        Assert.All(outcomes, o => Assert.Equal(ShadowStatus.Failed, o.Status));
        Assert.Contains(outcomes, o => o.Error == "InvalidOperationException: shadow exploded synchronously");
        Assert.Contains(outcomes, o => o.Error == "InvalidOperationException: shadow exploded asynchronously");

        static async ValueTask<double> Explode()
        {
            await Task.Yield();
            throw new InvalidOperationException("shadow exploded asynchronously");
        }
    }

    [Fact]
    public async Task A_hanging_shadow_neither_changes_nor_delays_the_response_and_its_timeouts_are_counted()
    {
        var dispatcher = new ShadowDispatcher<Request, double>(Ignore,
            new ShadowDispatcherOptions { Timeout = TimeSpan.FromMilliseconds(100), Concurrency = 8, QueueCapacity = 100 });
        // Half ignore cancellation entirely (an infinite wait without the token), half honour it.
        VariantScorer<Request, double> hang = async (_, request, cancellationToken) =>
        {
            await (request.Id % 2 == 0 ? Task.Delay(Timeout.Infinite) : Task.Delay(Timeout.Infinite, cancellationToken));
            return -1;
        };

        var clock = Stopwatch.StartNew();
        var slowest = TimeSpan.Zero;
        for (var i = 0; i < 50; i++)
        {
            var one = Stopwatch.StartNew();
            var response = await dispatcher.ServeAsync(Router.Route(Table), new Request(i), Primary, hang);
            slowest = one.Elapsed > slowest ? one.Elapsed : slowest;
            Assert.Contains(response, new[] { i * 10.0 + 1, i * 10.0 + 2 });
        }
        var served = clock.Elapsed;

        // The shadows hang forever; the 50 responses must not wait for even one 100 ms timeout each.
        Assert.True(served < TimeSpan.FromSeconds(2.5), $"50 requests took {served}");
        Assert.True(slowest < TimeSpan.FromSeconds(1), $"the slowest request took {slowest}");
        await Eventually.HoldsAsync(() => dispatcher.Statistics.TimedOut == 50, () => dispatcher.Statistics.ToString());
        Assert.Equal(0, dispatcher.Statistics.Failed);
        // Those that ignored their token are still running, abandoned; those that honoured it have ended.
        await Eventually.HoldsAsync(() => dispatcher.Statistics.Abandoned == 25, () => dispatcher.Statistics.ToString());
        await dispatcher.DisposeAsync();
    }

    [Fact]
    public async Task A_shadow_that_blocks_its_thread_does_not_hold_the_workers()
    {
        using var release = new ManualResetEventSlim();
        var dispatcher = new ShadowDispatcher<Request, double>(Ignore,
            new ShadowDispatcherOptions { Timeout = TimeSpan.FromMilliseconds(100), Concurrency = 1 });

        dispatcher.TryEnqueue(Plans.Tenant, Plans.Model, Plans.Shadow(), new Request(1), (_, _, _) => { release.Wait(); return ValueTask.FromResult(1.0); });
        dispatcher.TryEnqueue(Plans.Tenant, Plans.Model, Plans.Shadow(), new Request(2), (_, _, _) => ValueTask.FromResult(2.0));

        await Eventually.HoldsAsync(() => dispatcher.Statistics is { TimedOut: 1, Succeeded: 1 }, () => dispatcher.Statistics.ToString());
        release.Set();
        await Eventually.HoldsAsync(() => dispatcher.Statistics.Abandoned == 0, () => dispatcher.Statistics.ToString());
        await dispatcher.DisposeAsync();
    }

    [Fact]
    public async Task A_full_queue_drops_and_counts_instead_of_blocking()
    {
        var gate = new TaskCompletionSource<double>(TaskCreationOptions.RunContinuationsAsynchronously);
        var dispatcher = new ShadowDispatcher<Request, double>(Ignore,
            new ShadowDispatcherOptions { QueueCapacity = 4, Concurrency = 1, Timeout = TimeSpan.FromSeconds(30) });
        VariantScorer<Request, double> waitForGate = (_, _, _) => new ValueTask<double>(gate.Task);

        var clock = Stopwatch.StartNew();
        var accepted = 0;
        var responses = new List<double>();
        for (var i = 0; i < 100; i++)
        {
            var decision = Router.Route(Table);
            accepted += dispatcher.TryEnqueue(decision, new Request(i), waitForGate);
        }
        for (var i = 0; i < 100; i++)
        {
            responses.Add(await dispatcher.ServeAsync(Router.Route(Table), new Request(i), Primary, waitForGate));
        }
        var elapsed = clock.Elapsed;

        Assert.True(elapsed < TimeSpan.FromSeconds(2), $"200 attempts took {elapsed}");
        // The one worker holds at most one call; the queue holds four more.
        Assert.InRange(accepted, 4, 5);
        var stats = dispatcher.Statistics;
        Assert.Equal(200, stats.Enqueued + stats.Dropped);
        Assert.InRange(stats.Dropped, 195, 196);
        Assert.Equal(100, responses.Count);

        gate.SetResult(7);
        await dispatcher.DisposeAsync();
        Assert.Equal(stats.Enqueued, dispatcher.Statistics.Succeeded);
    }

    [Fact]
    public async Task Successful_shadow_outputs_reach_the_sink_with_their_variant_and_request()
    {
        var outcomes = new ConcurrentQueue<ShadowOutcome<Request, double>>();
        var dispatcher = new ShadowDispatcher<Request, double>((o, _) => { outcomes.Enqueue(o); return ValueTask.CompletedTask; });
        var table = RoutingTable.Build(Plans.Canary(10, RoutingMode.Weighted, Plans.Shadow(version: 7)));

        for (var i = 0; i < 20; i++)
        {
            await dispatcher.ServeAsync(Router.Route(table), new Request(i), Primary);
        }
        await dispatcher.DisposeAsync();

        Assert.Equal(20, outcomes.Count);
        Assert.All(outcomes, o =>
        {
            Assert.Equal(ShadowStatus.Succeeded, o.Status);
            Assert.Equal(o.Request.Id * 10.0 + 7, o.Output);
            Assert.Equal(Plans.Model, o.Model);
            Assert.Equal(Plans.Tenant, o.Tenant);
            Assert.Null(o.Error);
        });
        Assert.Equal(20, dispatcher.Statistics.Succeeded);
    }

    [Fact]
    public async Task A_failing_sink_is_counted_and_the_dispatcher_carries_on()
    {
        var calls = 0;
        var dispatcher = new ShadowDispatcher<Request, double>((_, _) => Interlocked.Increment(ref calls) % 2 == 0 ? throw new IOException("log down") : ValueTask.CompletedTask);

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(i * 10.0 + 1, await dispatcher.ServeAsync(Router.Route(Plans.Canary(0, RoutingMode.Weighted, Plans.Shadow())), new Request(i), Primary));
        }
        await dispatcher.DisposeAsync();

        Assert.Equal(10, dispatcher.Statistics.Succeeded);
        Assert.Equal(5, dispatcher.Statistics.SinkFailures);
    }

    [Fact]
    public async Task The_primarys_own_exception_is_the_response_and_the_shadow_still_runs()
    {
        var dispatcher = new ShadowDispatcher<Request, double>(Ignore);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => dispatcher.ServeAsync(Router.Route(Table), new Request(1),
            (_, _, _) => throw new ArgumentException("bad features"), Primary));
        await dispatcher.DisposeAsync();

        Assert.Equal("bad features", error.Message);
        Assert.Equal(1, dispatcher.Statistics.Succeeded);
    }

    [Fact]
    public async Task After_disposal_copies_are_dropped_not_thrown()
    {
        var dispatcher = new ShadowDispatcher<Request, double>(Ignore);
        await dispatcher.DisposeAsync();

        var response = await dispatcher.ServeAsync(Router.Route(Table), new Request(3), Primary);

        Assert.True(response is 31 or 32);
        Assert.Equal(1, dispatcher.Statistics.Dropped);
    }

    [Fact]
    public async Task Too_many_abandoned_calls_stop_new_copies_until_they_finish()
    {
        var gate = new TaskCompletionSource<double>(TaskCreationOptions.RunContinuationsAsynchronously);
        var dispatcher = new ShadowDispatcher<Request, double>(Ignore,
            new ShadowDispatcherOptions { Timeout = TimeSpan.FromMilliseconds(50), Concurrency = 4, MaxAbandonedCalls = 3 });
        VariantScorer<Request, double> stuck = (_, _, _) => new ValueTask<double>(gate.Task);

        for (var i = 0; i < 3; i++)
        {
            Assert.True(dispatcher.TryEnqueue(Plans.Tenant, Plans.Model, Plans.Shadow(), new Request(i), stuck));
        }
        await Eventually.HoldsAsync(() => dispatcher.Statistics.Abandoned == 3, () => dispatcher.Statistics.ToString());

        Assert.False(dispatcher.TryEnqueue(Plans.Tenant, Plans.Model, Plans.Shadow(), new Request(9), stuck));
        gate.SetResult(0);
        await Eventually.HoldsAsync(() => dispatcher.Statistics.Abandoned == 0, () => dispatcher.Statistics.ToString());
        Assert.True(dispatcher.TryEnqueue(Plans.Tenant, Plans.Model, Plans.Shadow(), new Request(10), stuck));
        await dispatcher.DisposeAsync();
        Assert.Equal(1, dispatcher.Statistics.Dropped);
        Assert.Equal(3, dispatcher.Statistics.TimedOut);
    }

    [Fact]
    public async Task A_timeout_or_cancellation_the_shadow_raises_itself_is_a_failure_not_a_timeout()
    {
        var dispatcher = new ShadowDispatcher<Request, double>(Ignore);

        dispatcher.TryEnqueue(Plans.Tenant, Plans.Model, Plans.Shadow(), new Request(1), (_, _, _) => throw new TimeoutException("upstream feature store"));
        dispatcher.TryEnqueue(Plans.Tenant, Plans.Model, Plans.Shadow(), new Request(2), (_, _, _) => throw new OperationCanceledException("gave up"));
        await dispatcher.DisposeAsync();

        Assert.Equal(2, dispatcher.Statistics.Failed);
        Assert.Equal(0, dispatcher.Statistics.TimedOut);
    }
}
