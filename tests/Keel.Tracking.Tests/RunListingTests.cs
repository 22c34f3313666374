using static Keel.Tracking.Tests.TrackingTestBed;

namespace Keel.Tracking.Tests;

public sealed class RunListingTests : IDisposable
{
    private readonly TrackingTestBed _bed = new();

    public void Dispose() => _bed.Dispose();

    private SqliteTrackingStore Store => _bed.Store;

    /// <summary>Five runs of "credit": auc 0.7, 0.9, none, 0.8, NaN, started in that order.</summary>
    private async Task SeedAsync()
    {
        foreach (var (name, auc) in new[] { ("a", 0.7), ("b", 0.9), ("c", (double?)null), ("d", 0.8), ("e", double.NaN) }.Select(x => (x.Item1, (double?)x.Item2)))
        {
            var run = await _bed.StartAsync(name);
            if (auc is { } value)
            {
                await Store.LogMetricsAsync("acme", run.Id, Metrics(("auc", value)), null, Ct);
            }
        }
        await _bed.StartAsync("other", experiment: "churn");
    }

    private async Task<IEnumerable<string>> NamesAsync(RunQuery query) =>
        (await Store.ListRunsAsync("acme", query, Ct)).Select(r => r.Name);

    [Fact]
    public async Task Runs_of_an_experiment_are_listed_newest_first()
    {
        await SeedAsync();

        Assert.Equal(["e", "d", "c", "b", "a"], await NamesAsync(new RunQuery { Experiment = "credit" }));
        Assert.Equal(["other", "e", "d", "c", "b", "a"], await NamesAsync(new RunQuery()));
    }

    [Fact]
    public async Task Ordering_by_a_metric_is_descending_by_default_and_runs_lacking_it_come_last()
    {
        await SeedAsync();

        var names = (await NamesAsync(new RunQuery { Experiment = "credit", OrderByMetric = "auc" })).ToList();

        Assert.Equal(["b", "d", "a"], names.Take(3));
        Assert.Equal(["c", "e"], names.Skip(3).Order());
    }

    [Fact]
    public async Task Ordering_ascending_still_puts_runs_lacking_the_metric_last()
    {
        await SeedAsync();

        var names = (await NamesAsync(new RunQuery { Experiment = "credit", OrderByMetric = "auc", Ascending = true })).ToList();

        Assert.Equal(["a", "d", "b"], names.Take(3));
        Assert.Equal(["c", "e"], names.Skip(3).Order());
    }

    [Fact]
    public async Task The_limit_bounds_the_listing_and_status_filters_it()
    {
        await SeedAsync();
        var best = (await Store.ListRunsAsync("acme", new RunQuery { Experiment = "credit", OrderByMetric = "auc", Limit = 1 }, Ct)).Single();
        await Store.EndRunAsync("acme", best.Id, RunStatus.Finished, null, Ct);

        Assert.Equal(["b"], await NamesAsync(new RunQuery { Status = RunStatus.Finished }));
        Assert.Equal(5, (await NamesAsync(new RunQuery { Status = RunStatus.Running })).Count());
        Assert.Equal(2, (await NamesAsync(new RunQuery { Limit = 2 })).Count());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public async Task A_limit_outside_1_to_1000_is_refused(int limit)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Store.ListRunsAsync("acme", new RunQuery { Limit = limit }, Ct));

        Assert.Contains("1 to 1000", error.Message);
    }

    [Fact]
    public async Task An_unknown_experiment_is_an_error_not_an_empty_list()
    {
        await SeedAsync();

        var error = await Assert.ThrowsAsync<ExperimentNotFoundException>(() => Store.ListRunsAsync("acme", new RunQuery { Experiment = "credt" }, Ct));

        Assert.Contains("'credt'", error.Message);
    }

    [Fact]
    public async Task Child_runs_are_listed_under_their_parent_and_apart_from_top_level_runs()
    {
        var search = await _bed.StartAsync("search");
        var trials = new List<Run>();
        for (var i = 0; i < 3; i++)
        {
            trials.Add(await _bed.StartAsync($"trial-{i}", parent: search.Id, parameters: Strings(("num_leaves", $"{16 << i}"))));
        }
        await _bed.StartAsync("solo");

        var children = await Store.ChildrenAsync("acme", search.Id, Ct);
        Assert.Equal(trials.Select(t => t.Id), children.Select(c => c.Id));
        Assert.All(children, c => Assert.Equal(search.Id, c.ParentRunId));
        Assert.Equal(["solo", "search"], await NamesAsync(new RunQuery { TopLevelOnly = true }));
        Assert.Equal(["trial-2", "trial-1", "trial-0"], await NamesAsync(new RunQuery { ParentRunId = search.Id }));
        Assert.Empty(await Store.ChildrenAsync("acme", trials[0].Id, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.ListRunsAsync("acme", new RunQuery { ParentRunId = search.Id, TopLevelOnly = true }, Ct));
    }

    [Fact]
    public async Task A_child_run_needs_a_running_parent_in_the_same_experiment()
    {
        var search = await _bed.StartAsync("search");

        var elsewhere = await Assert.ThrowsAsync<ArgumentException>(() => _bed.StartAsync("trial", experiment: "churn", parent: search.Id));
        Assert.Contains("parent's experiment", elsewhere.Message);
        await Assert.ThrowsAsync<RunNotFoundException>(() => _bed.StartAsync("trial", parent: "no-such-run"));
        await Store.EndRunAsync("acme", search.Id, RunStatus.Finished, null, Ct);
        var ended = await Assert.ThrowsAsync<TrackingConflictException>(() => _bed.StartAsync("trial", parent: search.Id));
        Assert.Contains("already ended", ended.Message);

        // The failed start into "churn" created nothing: its transaction was rolled back.
        Assert.Equal(["credit"], (await Store.ListExperimentsAsync("acme", Ct)).Select(e => e.Name));
        Assert.Empty(await Store.ChildrenAsync("acme", search.Id, Ct));
    }
}
