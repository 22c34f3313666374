using Keel.Serving.Protocol;
using Keel.Storage;
using Keel.Tracking;

namespace Keel.BatchScoring.Tests;

/// <summary>Jobs that cannot run are refused with what is wrong, before anything is recorded or written.</summary>
[Collection(ScoringCollection.Name)]
public sealed class JobTests(ScoringBed bed)
{
    [Theory]
    [InlineData("{\"model\": \"m\"}", "not both and not neither")]
    [InlineData("{\"model\": \"m\", \"dataset\": \"offline\", \"entities\": [\"1\"]}", "not both and not neither")]
    [InlineData("{\"dataset\": \"offline\"}", "model:")]
    [InlineData("{\"model\": \"m\", \"dataset\": \"data.json\"}", "neither 'offline' nor a .csv or .parquet file")]
    [InlineData("{\"model\": \"m\", \"dataset\": \"/etc/passwd.csv\"}", "must be relative")]
    [InlineData("{\"model\": \"m\", \"dataset\": \"../other-tenant/inputs/a.csv\"}", "must be relative")]
    [InlineData("{\"model\": \"m\", \"entities\": [\"1\"], \"output\": \"../../scores.parquet\"}", "output:")]
    [InlineData("{\"model\": \"m\", \"entities\": [\"1\"], \"output\": \"scores.csv\"}", "must be a .parquet file")]
    [InlineData("{\"model\": \"m\", \"entities\": [\"1\", \" \"]}", "a key is empty")]
    [InlineData("{\"model\": \"m\", \"entities\": [\"1\"], \"batchSize\": 0}", "batchSize: 0")]
    public void A_request_for_a_job_that_cannot_run_lists_what_is_wrong(string body, string expected)
    {
        var request = System.Text.Json.JsonSerializer.Deserialize<BatchJobRequest>(body, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web))!;

        var problems = request.ToJob("acme").Problems();

        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_configured_job_may_name_files_anywhere_and_a_request_only_inside_its_tenants_folder()
    {
        var paths = new BatchPaths(new StorageOptions { DataDir = "/srv/keel" });
        var configured = new BatchJobOptions { Model = "m", Dataset = "/exports/applications.csv" }.ToJob(0);
        var requested = new BatchJobRequest("m", Dataset: "inputs/applications.csv").ToJob("acme");

        Assert.Empty(configured.Problems());
        Assert.Equal("/exports/applications.csv", paths.Input(configured, configured.Dataset!));
        Assert.Equal("/srv/keel/batch-scoring/acme/inputs/applications.csv", paths.Input(requested, requested.Dataset!));
        Assert.Equal("/srv/keel/batch-scoring/acme/m/2025-03-02/r1.parquet", paths.Output(requested, 3, "r1", Books.Day));
        Assert.Equal("/srv/keel/batch-scoring/acme/v3/r1.parquet", paths.Output(requested with { Output = "v{version}/{run}.parquet" }, 3, "r1", Books.Day));
        Assert.Throws<BatchJobException>(() => paths.Output(requested with { Model = "../../x" }, 3, "r1", Books.Day));
    }

    [Fact]
    public async Task A_model_without_a_champion_or_production_version_is_not_found_and_nothing_is_recorded()
    {
        var runs = await RunCountAsync();

        await Assert.ThrowsAsync<ModelNotFoundException>(() => bed.Get<BatchScorer>().RunAsync(
            new BatchJob("nobody", ScoringBed.Tenant, "no_such_model", null, ["1"], null, null, null), BatchTrigger.Request("tests"), CancellationToken.None));

        Assert.Equal(runs, await RunCountAsync());
    }

    [Fact]
    public async Task A_dataset_file_that_is_not_there_is_refused_naming_only_the_file()
    {
        var error = await Assert.ThrowsAsync<BatchJobException>(() => bed.Get<BatchScorer>().RunAsync(
            new BatchJob("missing", ScoringBed.Tenant, ScoringBed.Model, "inputs/missing.csv", null, null, null, null), BatchTrigger.Request("tests"), CancellationToken.None));

        Assert.Contains("'missing.csv'", error.Message);
        Assert.DoesNotContain(bed.DataDir, error.Message);
    }

    [Fact]
    public async Task A_started_job_answers_with_its_running_run_and_completes_in_the_background()
    {
        var started = await bed.Get<BatchJobs>().StartAsync(
            new BatchJob("background", ScoringBed.Tenant, ScoringBed.Model, null, ScoringBed.Entities(50).ToArray(), null, null, null), BatchTrigger.Request("bob"), CancellationToken.None);

        Assert.Equal(RunStatus.Running, started.Run.Status);
        var result = await started.Completion.WaitAsync(TimeSpan.FromMinutes(2));
        Assert.Equal((RunStatus.Finished, 50L, started.Run.Id), (result.Status, result.Rows, result.RunId));
        Assert.Equal(started.OutputPath, result.OutputPath);
    }

    private async Task<int> RunCountAsync()
    {
        var tracking = bed.Get<ITrackingStore>();
        var experiments = await tracking.ListExperimentsAsync(ScoringBed.Tenant, CancellationToken.None);
        return experiments.Any(e => e.Name == "batch-scoring")
            ? (await tracking.ListRunsAsync(ScoringBed.Tenant, new RunQuery { Experiment = "batch-scoring", Limit = 1000 }, CancellationToken.None)).Count
            : 0;
    }
}
