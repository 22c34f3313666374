using static Keel.Tracking.Tests.TrackingTestBed;

namespace Keel.Tracking.Tests;

public sealed class RunTests : IDisposable
{
    private readonly TrackingTestBed _bed = new();

    public void Dispose() => _bed.Dispose();

    private SqliteTrackingStore Store => _bed.Store;

    [Fact]
    public async Task A_started_run_is_running_with_its_params_tags_and_actor()
    {
        var run = await _bed.StartAsync("lgbm-1",
            parameters: Strings(("learning_rate", "0.1"), ("num_leaves", "31")),
            tags: Strings(("team", "risk"), ("cost_centre", "cc-42")));

        Assert.Equal(32, run.Id.Length);
        Assert.Equal("acme", run.Tenant);
        Assert.Equal("lgbm-1", run.Name);
        Assert.Null(run.ParentRunId);
        Assert.Equal(RunStatus.Running, run.Status);
        Assert.Equal(_bed.Clock.Now, run.StartTime);
        Assert.Null(run.EndTime);
        Assert.Null(run.Duration);
        Assert.Equal("alice@acme", run.CreatedBy);
        Assert.Equal(Strings(("learning_rate", "0.1"), ("num_leaves", "31")), run.Params);
        Assert.Equal(Strings(("cost_centre", "cc-42"), ("team", "risk")), run.Tags);
        Assert.Empty(run.Metrics);
        Assert.Empty(run.Artifacts);
    }

    [Fact]
    public async Task A_run_records_params_metrics_tags_and_artifacts_and_ends_with_its_duration()
    {
        var run = await _bed.StartAsync("lgbm-1");

        await Store.LogParamsAsync("acme", run.Id, Strings(("seed", "7")), Ct);
        await Store.LogMetricsAsync("acme", run.Id, Metrics(("auc", 0.81), ("logloss", 0.42)), null, Ct);
        await Store.SetTagsAsync("acme", run.Id, Strings(("model", "credit_lgbm"), ("spec_hash", "abc")), Ct);
        await Store.LogArtifactAsync("acme", run.Id, "model/model.onnx", Artifact('a'), Ct);
        _bed.Clock.Advance(TimeSpan.FromMinutes(3));
        var ended = await Store.EndRunAsync("acme", run.Id, RunStatus.Finished, null, Ct);

        var read = await Store.GetRunAsync("acme", run.Id, Ct);
        Assert.Equal(RunStatus.Finished, read.Status);
        Assert.Equal(ended.EndTime, read.EndTime);
        Assert.Equal(TimeSpan.FromMinutes(3), read.Duration);
        Assert.Null(read.Error);
        Assert.Equal("7", read.Params["seed"]);
        Assert.Equal(Metrics(("auc", 0.81), ("logloss", 0.42)), read.Metrics);
        Assert.Equal(Strings(("model", "credit_lgbm"), ("spec_hash", "abc")), read.Tags);
        Assert.Equal(Artifact('a'), read.Artifacts["model/model.onnx"]);
    }

    [Fact]
    public async Task Metric_history_keeps_every_value_and_the_latest_is_the_highest_step()
    {
        var run = await _bed.StartAsync("epochs");
        foreach (var (step, loss) in new[] { (0L, 0.9), (1L, 0.7), (2L, 0.5) })
        {
            await Store.LogMetricsAsync("acme", run.Id, Metrics(("loss", loss)), step, Ct);
        }
        await Store.LogMetricsAsync("acme", run.Id, Metrics(("loss", 0.65)), 1, Ct);

        var history = await Store.MetricHistoryAsync("acme", run.Id, "loss", Ct);
        Assert.Equal([(0L, 0.9), (1L, 0.7), (1L, 0.65), (2L, 0.5)], history.Select(p => (p.Step, p.Value)));
        Assert.All(history, p => Assert.Equal("loss", p.Key));
        Assert.Equal(0.5, (await Store.GetRunAsync("acme", run.Id, Ct)).Metrics["loss"]);

        await Store.LogMetricsAsync("acme", run.Id, Metrics(("loss", 0.4)), 2, Ct);
        Assert.Equal(0.4, (await Store.GetRunAsync("acme", run.Id, Ct)).Metrics["loss"]);
        Assert.Empty(await Store.MetricHistoryAsync("acme", run.Id, "accuracy", Ct));
    }

    [Fact]
    public async Task A_metric_logged_without_a_step_is_at_step_zero_and_the_last_value_logged_wins()
    {
        var run = await _bed.StartAsync("no-steps");

        await Store.LogMetricsAsync("acme", run.Id, Metrics(("auc", 0.7)), null, Ct);
        _bed.Clock.Advance(TimeSpan.FromSeconds(5));
        await Store.LogMetricsAsync("acme", run.Id, Metrics(("auc", 0.75)), null, Ct);

        var history = await Store.MetricHistoryAsync("acme", run.Id, "auc", Ct);
        Assert.Equal([0L, 0L], history.Select(p => p.Step));
        Assert.Equal(_bed.Clock.Now, history[1].Timestamp);
        Assert.Equal(0.75, (await Store.GetRunAsync("acme", run.Id, Ct)).Metrics["auc"]);
    }

    [Fact]
    public async Task NaN_and_infinite_metrics_are_kept_as_they_were_logged()
    {
        var run = await _bed.StartAsync("diverged");

        await Store.LogMetricsAsync("acme", run.Id, Metrics(("loss", double.NaN), ("grad", double.PositiveInfinity)), 3, Ct);

        var read = await Store.GetRunAsync("acme", run.Id, Ct);
        Assert.True(double.IsNaN(read.Metrics["loss"]));
        Assert.Equal(double.PositiveInfinity, read.Metrics["grad"]);
        Assert.True(double.IsNaN(Assert.Single(await Store.MetricHistoryAsync("acme", run.Id, "loss", Ct)).Value));
    }

    [Fact]
    public async Task Params_are_immutable_the_same_value_is_a_no_op_and_a_conflict_stores_nothing()
    {
        var run = await _bed.StartAsync("p", parameters: Strings(("learning_rate", "0.1")));

        await Store.LogParamsAsync("acme", run.Id, Strings(("learning_rate", "0.1")), Ct);
        var error = await Assert.ThrowsAsync<TrackingConflictException>(() =>
            Store.LogParamsAsync("acme", run.Id, Strings(("max_depth", "6"), ("learning_rate", "0.2")), Ct));

        Assert.Contains("'learning_rate' is '0.1', not '0.2'", error.Message);
        Assert.Equal(Strings(("learning_rate", "0.1")), (await Store.GetRunAsync("acme", run.Id, Ct)).Params);
    }

    [Fact]
    public async Task An_ended_run_takes_no_metrics_no_new_params_and_no_new_artifacts_but_takes_tags()
    {
        var run = await _bed.StartAsync("done", parameters: Strings(("seed", "1")));
        await Store.LogArtifactAsync("acme", run.Id, "model", Artifact('b'), Ct);
        await Store.EndRunAsync("acme", run.Id, RunStatus.Finished, null, Ct);

        var metrics = await Assert.ThrowsAsync<TrackingConflictException>(() => Store.LogMetricsAsync("acme", run.Id, Metrics(("auc", 0.9)), null, Ct));
        Assert.Contains("ended as Finished", metrics.Message);
        Assert.Contains("metrics can no longer change", metrics.Message);
        await Assert.ThrowsAsync<TrackingConflictException>(() => Store.LogParamsAsync("acme", run.Id, Strings(("extra", "x")), Ct));
        await Assert.ThrowsAsync<TrackingConflictException>(() => Store.LogArtifactAsync("acme", run.Id, "report", Artifact('c'), Ct));

        // Repeating what is already recorded changes nothing, so it is allowed, as a retry would do.
        await Store.LogParamsAsync("acme", run.Id, Strings(("seed", "1")), Ct);
        await Store.LogArtifactAsync("acme", run.Id, "model", Artifact('b'), Ct);
        await Store.SetTagsAsync("acme", run.Id, Strings(("reviewed_by", "bob")), Ct);

        var read = await Store.GetRunAsync("acme", run.Id, Ct);
        Assert.Empty(read.Metrics);
        Assert.Equal("bob", read.Tags["reviewed_by"]);
        Assert.Single(read.Artifacts);
    }

    [Fact]
    public async Task A_run_ends_once()
    {
        var run = await _bed.StartAsync("once");
        await Store.EndRunAsync("acme", run.Id, RunStatus.Killed, "cancelled by user", Ct);

        var error = await Assert.ThrowsAsync<TrackingConflictException>(() => Store.EndRunAsync("acme", run.Id, RunStatus.Finished, null, Ct));

        Assert.Contains("already ended as Killed", error.Message);
        var read = await Store.GetRunAsync("acme", run.Id, Ct);
        Assert.Equal(RunStatus.Killed, read.Status);
        Assert.Equal("cancelled by user", read.Error);
    }

    [Fact]
    public async Task Ending_needs_a_final_status_and_only_failures_carry_an_error()
    {
        var run = await _bed.StartAsync("statuses");

        await Assert.ThrowsAsync<ArgumentException>(() => Store.EndRunAsync("acme", run.Id, RunStatus.Running, null, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.EndRunAsync("acme", run.Id, RunStatus.Finished, "oops", Ct));
        var failed = await Store.EndRunAsync("acme", run.Id, RunStatus.Failed, new string('e', 20_000), Ct);

        Assert.Equal(RunStatus.Failed, failed.Status);
        Assert.Equal(TrackingLimits.MaxErrorLength, failed.Error!.Length);
        Assert.EndsWith("…", failed.Error);
    }

    [Fact]
    public async Task An_artifact_name_is_bound_to_one_address()
    {
        var run = await _bed.StartAsync("artifacts");
        await Store.LogArtifactAsync("acme", run.Id, "model", Artifact('d'), Ct);

        var error = await Assert.ThrowsAsync<TrackingConflictException>(() => Store.LogArtifactAsync("acme", run.Id, "model", Artifact('e'), Ct));

        Assert.Contains("already has artifact 'model'", error.Message);
        Assert.Equal(Artifact('d'), (await Store.GetRunAsync("acme", run.Id, Ct)).Artifacts["model"]);
    }

    [Fact]
    public async Task Bad_input_is_refused_with_what_is_wrong()
    {
        var run = await _bed.StartAsync("input");

        var address = await Assert.ThrowsAsync<ArgumentException>(() => Store.LogArtifactAsync("acme", run.Id, "model", new("not-a-hash", 1, "application/onnx"), Ct));
        Assert.Contains("64 hexadecimal digits", address.Message);
        var step = await Assert.ThrowsAsync<ArgumentException>(() => Store.LogMetricsAsync("acme", run.Id, Metrics(("auc", 1)), -1, Ct));
        Assert.Contains("steps start at 0", step.Message);
        var value = await Assert.ThrowsAsync<ArgumentException>(() => Store.LogParamsAsync("acme", run.Id, Strings(("blob", new string('x', 6001))), Ct));
        Assert.Contains("'blob'", value.Message);
        var many = Enumerable.Range(0, 1001).ToDictionary(i => $"m{i}", i => (double)i);
        var count = await Assert.ThrowsAsync<ArgumentException>(() => Store.LogMetricsAsync("acme", run.Id, many, null, Ct));
        Assert.Contains("at most 1000", count.Message);
        await Assert.ThrowsAsync<ArgumentException>(() => Store.StartRunAsync("acme", "credit", "r", null, null, null, "", Ct));
    }

    [Fact]
    public async Task Concurrent_writers_on_the_same_file_lose_no_metric()
    {
        var run = await _bed.StartAsync("parallel");
        var stores = Enumerable.Range(0, 4).Select(_ => _bed.Reopen()).ToList();

        await Task.WhenAll(stores.Select((store, worker) => Task.Run(async () =>
        {
            for (var step = 0; step < 25; step++)
            {
                await store.LogMetricsAsync("acme", run.Id, Metrics(("loss", worker + step / 100.0)), step, Ct);
            }
        })));

        Assert.Equal(100, (await Store.MetricHistoryAsync("acme", run.Id, "loss", Ct)).Count);
    }
}
