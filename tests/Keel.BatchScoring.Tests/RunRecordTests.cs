using System.Security.Cryptography;
using Keel.Tracking;

namespace Keel.BatchScoring.Tests;

/// <summary>Every job is a tracking run: what it scored, how long it took, where the scores are and their hash.</summary>
[Collection(ScoringCollection.Name)]
public sealed class RunRecordTests(ScoringBed bed)
{
    [Fact]
    public async Task A_finished_job_records_its_rows_duration_output_path_and_output_hash()
    {
        var job = new BatchJob("nightly-credit", ScoringBed.Tenant, ScoringBed.Model, null, ScoringBed.Entities(200).ToArray(), null, "scores/{date}/credit.parquet", null)
        {
            Team = "risk",
            CostCentre = "4711",
        };

        var result = await bed.Get<BatchScorer>().RunAsync(job, BatchTrigger.Request("alice"), CancellationToken.None);

        var run = await bed.Get<ITrackingStore>().GetRunAsync(ScoringBed.Tenant, result.RunId, CancellationToken.None);
        Assert.Equal(RunStatus.Finished, run.Status);
        Assert.Equal("nightly-credit", run.Name);
        Assert.Equal("alice", run.CreatedBy);
        Assert.Equal(200, run.Metrics["rows"]);
        Assert.Equal(0, run.Metrics["rejected_rows"]);
        Assert.Equal(2, run.Metrics["batches"]);
        Assert.True(run.Metrics["duration_seconds"] > 0);
        Assert.True(run.Duration > TimeSpan.Zero);
        Assert.Equal(bed.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), run.Params["version"]);
        Assert.Equal("200 entities", run.Params["source"]);
        Assert.Equal("128", run.Params["batch_size"]);

        var path = run.Tags["output_path"];
        Assert.Equal(result.OutputPath, path);
        Assert.Equal(Path.Combine(bed.TenantFolder, "scores", DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), "credit.parquet"), path);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))), run.Tags["output_sha256"]);
        Assert.Equal(result.OutputSha256, run.Tags["output_sha256"]);
        Assert.Equal(new FileInfo(path).Length.ToString(System.Globalization.CultureInfo.InvariantCulture), run.Tags["output_bytes"]);
        Assert.Equal("risk", run.Tags["team"]);
        Assert.Equal(BatchTrigger.RequestKind, run.Tags["trigger"]);
        // No temporary file is left beside the scores.
        Assert.Equal([path], Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public async Task Every_row_carries_entity_score_label_model_version_and_the_time_it_was_scored()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var result = await bed.Get<BatchScorer>().RunAsync(
            new BatchJob("columns", ScoringBed.Tenant, ScoringBed.Model, null, ["3", "1", "2"], null, null, null), BatchTrigger.Request("tests"), CancellationToken.None);

        var rows = ScoreFiles.Read(result.OutputPath!);
        Assert.Equal(["3", "1", "2"], rows.Select(r => r.Entity));
        Assert.All(rows, r =>
        {
            Assert.Equal(ScoringBed.Model, r.Model);
            Assert.Equal(bed.Version, r.Version);
            Assert.InRange(r.Score, 0, 1);
            Assert.Equal(r.Score >= 0.5 ? "bad" : "good", r.Label);
            Assert.InRange(r.ScoredAt, before, DateTimeOffset.UtcNow);
        });
        // A filter on scored_at finds the rows: the column's statistics are in the unit of its values.
        Assert.Equal(3, ScoreFiles.Read(result.OutputPath!, $"scored_at >= TIMESTAMPTZ '{before.UtcDateTime:yyyy-MM-dd HH:mm:ss}+00'").Count);
    }

    [Fact]
    public async Task Rows_that_cannot_be_scored_are_left_out_counted_and_the_first_reason_recorded()
    {
        // Row 5 gets a Seniority that is not a number; entities 9001 and 9002 have no features.
        var path = bed.WriteCsv("inputs/one-bad.csv", 20);
        var lines = File.ReadAllLines(path);
        var fields = lines[5].Split(',');
        fields[1] = "\"many\"";
        lines[5] = string.Join(',', fields);
        File.WriteAllLines(path, lines);
        var scorer = bed.Get<BatchScorer>();

        var file = await scorer.RunAsync(new BatchJob("one-bad", ScoringBed.Tenant, ScoringBed.Model, "inputs/one-bad.csv", null, null, null, null),
            BatchTrigger.Request("tests"), CancellationToken.None);
        var entities = await scorer.RunAsync(new BatchJob("unknown-entities", ScoringBed.Tenant, ScoringBed.Model, null, ["1", "9001", "2", "9002"], null, null, null),
            BatchTrigger.Request("tests"), CancellationToken.None);

        Assert.Equal((RunStatus.Finished, 19L, 1L), (file.Status, file.Rows, file.Rejected));
        Assert.DoesNotContain("5", ScoreFiles.Read(file.OutputPath!).Select(r => r.Entity));
        var run = await bed.Get<ITrackingStore>().GetRunAsync(ScoringBed.Tenant, file.RunId, CancellationToken.None);
        Assert.Equal(1, run.Metrics["rejected_rows"]);
        Assert.Contains("row 5: Seniority", run.Tags["first_rejection"]);

        Assert.Equal((2L, 2L), (entities.Rows, entities.Rejected));
        Assert.Equal(["1", "2"], ScoreFiles.Read(entities.OutputPath!).Select(r => r.Entity));
    }
}
