using Keel.Storage.Artifacts;
using static Keel.Tracking.Tests.TrackingTestBed;

namespace Keel.Tracking.Tests;

/// <summary>A grid search as the issue describes it: trials as child runs, the best chosen by a named metric.</summary>
public sealed class HyperparameterSearchTests : IDisposable
{
    private readonly TrackingTestBed _bed = new();
    private readonly TempDir _artifacts = new();

    public void Dispose()
    {
        _bed.Dispose();
        _artifacts.Dispose();
    }

    [Fact]
    public async Task Trials_run_as_children_and_the_best_by_auc_is_selected_and_listed_first()
    {
        var artifacts = new LocalArtifactStore(new ArtifactStoreOptions { RootDirectory = _artifacts.Path });
        var grid = from leaves in new[] { 15, 31, 63 } from rate in new[] { 0.05, 0.1 } select (leaves, rate);

        await using var search = await RunRecorder.StartAsync(_bed.Store, "acme", "credit", "grid-search", null,
            Strings(("strategy", "grid"), ("trials", "6")), Strings(("team", "risk"), ("cost_centre", "cc-42")), "ci", Ct);
        foreach (var (leaves, rate) in grid)
        {
            _bed.Clock.Advance(TimeSpan.FromSeconds(1));
            await using var trial = await search.StartChildAsync($"leaves={leaves},rate={rate}",
                Strings(("num_leaves", $"{leaves}"), ("learning_rate", $"{rate}")), null, Ct);
            // A stand-in for training: the score peaks at 31 leaves and rate 0.1.
            var auc = 0.9 - Math.Abs(leaves - 31) / 1000.0 - Math.Abs(rate - 0.1);
            await trial.LogMetricsAsync(Metrics(("auc", auc)), null, Ct);
            var model = await artifacts.PutAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes($"model {leaves} {rate}")), "application/onnx", Ct);
            await trial.LogArtifactAsync("model", model, Ct);
            await trial.CompleteAsync(Ct);
        }

        var children = await _bed.Store.ChildrenAsync("acme", search.RunId, Ct);
        var best = BestRun.Select(children, "auc", higherIsBetter: true);
        await search.SetTagsAsync(Strings(("best_run_id", best.Id)), Ct);
        await search.LogMetricsAsync(Metrics(("best_auc", best.Metrics["auc"])), null, Ct);
        await search.CompleteAsync(Ct);

        Assert.Equal(6, children.Count);
        Assert.Equal(("31", "0.1"), (best.Params["num_leaves"], best.Params["learning_rate"]));
        await using (var model = await artifacts.OpenAsync(best.Artifacts["model"].Sha256, Ct))
        {
            Assert.Equal("model 31 0.1", await new StreamReader(model).ReadToEndAsync(Ct));
        }

        // keel runs list --experiment credit --order-by auc
        var listed = await _bed.Store.ListRunsAsync("acme", new RunQuery { Experiment = "credit", OrderByMetric = "auc" }, Ct);
        Assert.Equal(best.Id, listed[0].Id);
        Assert.Equal(search.RunId, listed[^1].Id);
        var parent = await _bed.Store.GetRunAsync("acme", search.RunId, Ct);
        Assert.Equal(best.Id, parent.Tags["best_run_id"]);
        Assert.Equal(RunStatus.Finished, parent.Status);
    }
}
