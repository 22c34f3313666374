using static Keel.Tracking.Tests.TrackingTestBed;

namespace Keel.Tracking.Tests;

public sealed class TenantIsolationTests : IDisposable
{
    private readonly TrackingTestBed _bed = new();

    public void Dispose() => _bed.Dispose();

    private SqliteTrackingStore Store => _bed.Store;

    [Fact]
    public async Task Another_tenants_run_is_not_found_by_any_operation_and_stays_unchanged()
    {
        var run = await _bed.StartAsync("secret", tenant: "acme", parameters: Strings(("seed", "1")));
        await Store.LogMetricsAsync("acme", run.Id, Metrics(("auc", 0.9)), null, Ct);

        await Assert.ThrowsAsync<RunNotFoundException>(() => Store.GetRunAsync("globex", run.Id, Ct));
        await Assert.ThrowsAsync<RunNotFoundException>(() => Store.LogMetricsAsync("globex", run.Id, Metrics(("auc", 0.1)), null, Ct));
        await Assert.ThrowsAsync<RunNotFoundException>(() => Store.LogParamsAsync("globex", run.Id, Strings(("seed", "2")), Ct));
        await Assert.ThrowsAsync<RunNotFoundException>(() => Store.SetTagsAsync("globex", run.Id, Strings(("owner", "mallory")), Ct));
        await Assert.ThrowsAsync<RunNotFoundException>(() => Store.LogArtifactAsync("globex", run.Id, "model", Artifact('f'), Ct));
        await Assert.ThrowsAsync<RunNotFoundException>(() => Store.EndRunAsync("globex", run.Id, RunStatus.Killed, null, Ct));
        await Assert.ThrowsAsync<RunNotFoundException>(() => Store.ChildrenAsync("globex", run.Id, Ct));
        await Assert.ThrowsAsync<RunNotFoundException>(() => Store.MetricHistoryAsync("globex", run.Id, "auc", Ct));
        await Assert.ThrowsAsync<RunNotFoundException>(() => Store.ListRunsAsync("globex", new RunQuery { ParentRunId = run.Id }, Ct));
        var child = await Assert.ThrowsAsync<RunNotFoundException>(() => _bed.StartAsync("child", tenant: "globex", parent: run.Id));
        Assert.Equal("globex", child.Tenant);

        var unchanged = await Store.GetRunAsync("acme", run.Id, Ct);
        Assert.Equal(RunStatus.Running, unchanged.Status);
        Assert.Equal(0.9, unchanged.Metrics["auc"]);
        Assert.Equal("1", unchanged.Params["seed"]);
        Assert.DoesNotContain("owner", unchanged.Tags.Keys);
        Assert.Empty(unchanged.Artifacts);
    }

    [Fact]
    public async Task Listings_show_only_the_callers_runs_even_in_an_experiment_of_the_same_name()
    {
        var acme = await _bed.StartAsync("acme-run", tenant: "acme");
        var globex = await _bed.StartAsync("globex-run", tenant: "globex");

        var listed = Assert.Single(await Store.ListRunsAsync("globex", new RunQuery { Experiment = "credit", OrderByMetric = "auc" }, Ct));
        Assert.Equal(globex.Id, listed.Id);
        Assert.Equal(acme.Id, Assert.Single(await Store.ListRunsAsync("acme", new RunQuery(), Ct)).Id);
        await Assert.ThrowsAsync<ExperimentNotFoundException>(() => Store.ListRunsAsync("initech", new RunQuery { Experiment = "credit" }, Ct));
    }
}
