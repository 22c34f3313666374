using System.Text.Json.Nodes;
using Keel.Audit;
using Keel.ModelRegistry;
using Keel.Retention.Policy;
using Keel.Tracking;

namespace Keel.Retention.Tests;

/// <summary>Whatever the rules say, protected artifacts are neither moved nor deleted.</summary>
public sealed class ProtectionTests
{
    [Fact]
    public async Task Production_and_staging_versions_keep_every_artifact_and_their_runs_too()
    {
        using var bed = new RetentionBed();
        var production = await bed.RunAsync("acme");
        var staging = await bed.RunAsync("acme");
        await bed.RegisterAsync("acme", "credit", production, ModelStage.Production);
        await bed.RegisterAsync("acme", "credit", staging, ModelStage.Staging);
        bed.Time.Advance(1000);
        var before = bed.Disk();

        await ApplyEverythingAsync(bed);

        Assert.Equal(before, bed.Disk());
    }

    [Fact]
    public async Task An_unregistered_run_sharing_a_blob_with_a_production_version_leaves_it()
    {
        using var bed = new RetentionBed();
        var model = bed.Content();
        var production = await bed.RunAsync("acme", onnx: model);
        await bed.RegisterAsync("acme", "credit", production, ModelStage.Production);
        var trial = await bed.RunAsync("acme", onnx: model);
        bed.Time.Advance(1000);

        var report = await ApplyEverythingAsync(bed);

        Assert.True(bed.InHot(trial.Artifacts["model.onnx"].Sha256));
        Assert.False(bed.InHot(trial.Artifacts["notes.txt"].Sha256));
        Assert.Contains(report.Kept, k => k.Sha256 == trial.Artifacts["model.onnx"].Sha256 && k.Reason.Contains("stage Production"));
    }

    [Fact]
    public async Task An_archived_version_with_a_decided_approval_keeps_its_artifacts()
    {
        using var bed = new RetentionBed();
        var run = await bed.RunAsync("acme");
        await bed.Tracking.SetTagsAsync("acme", run.Id, new Dictionary<string, string> { ["approval.status"] = "approved", ["approval.decided_by"] = "carol" }, CancellationToken.None);
        await bed.RegisterAsync("acme", "credit", run, ModelStage.Archived);
        bed.Time.Advance(1000);
        var before = bed.Disk();

        await ApplyEverythingAsync(bed);

        Assert.Equal(before, bed.Disk());
    }

    [Fact]
    public async Task Audit_evidence_on_a_version_a_run_or_an_artifact_protects_it_but_routine_entries_do_not()
    {
        using var bed = new RetentionBed();
        var approved = await bed.RegisterAsync("acme", "credit", await bed.RunAsync("acme"), ModelStage.Archived);
        var routine = await bed.RegisterAsync("acme", "credit", await bed.RunAsync("acme"), ModelStage.Archived);
        var failedGates = await bed.RunAsync("acme");
        var named = await bed.RunAsync("acme");
        await AppendAsync(bed, AuditActions.ApprovalGranted, AuditTargets.Model("credit", approved.Version));
        await AppendAsync(bed, AuditActions.ModelStageChanged, AuditTargets.Model("credit", routine.Version));
        await AppendAsync(bed, AuditActions.GateEvaluated, $"run:{failedGates.Id}");
        await AppendAsync(bed, "report.cited", $"artifact:{named.Artifacts["notes.txt"].Sha256}");
        bed.Time.Advance(1000);

        await ApplyEverythingAsync(bed);

        Assert.True(bed.InHot(approved.ArtifactSha256));
        Assert.All(failedGates.Artifacts.Values, a => Assert.True(bed.InHot(a.Sha256)));
        Assert.True(bed.InHot(named.Artifacts["notes.txt"].Sha256));
        Assert.False(bed.InHot(named.Artifacts["model.onnx"].Sha256));
        Assert.False(bed.InHot(routine.ArtifactSha256) || bed.InCold(routine.ArtifactSha256));
    }

    [Fact]
    public async Task The_lineage_of_any_version_keeps_its_dataset_snapshot_even_from_an_unregistered_run()
    {
        using var bed = new RetentionBed();
        var dataset = bed.Content();
        var archived = await bed.RegisterAsync("acme", "credit", await bed.RunAsync("acme", dataset: dataset), ModelStage.Archived);
        var retrain = await bed.RunAsync("acme", dataset: dataset);
        bed.Time.Advance(1000);

        var report = await ApplyEverythingAsync(bed);

        Assert.True(bed.InHot(archived.Lineage.DatasetSnapshotHash));
        Assert.False(bed.InHot(archived.ArtifactSha256) || bed.InCold(archived.ArtifactSha256));
        Assert.False(bed.InHot(retrain.Artifacts["model.onnx"].Sha256));
        Assert.Contains(report.Kept, k => k.Sha256 == archived.Lineage.DatasetSnapshotHash && k.Reason.StartsWith("lineage of model:credit:1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_policys_own_entries_do_not_protect_what_is_left_of_a_run()
    {
        using var bed = new RetentionBed();
        var run = await bed.RunAsync("acme", notes: "shared with a younger run");
        bed.Time.Advance(10);
        await bed.RunAsync("acme", notes: "shared with a younger run");
        bed.Time.Advance(25);
        var policy = RetentionBed.Policy("acme", experimentDays: 30);
        await bed.Retention(policy).RunAsync(RetentionMode.Apply, null, RetentionBed.Actor, CancellationToken.None);
        Assert.True(bed.InHot(run.Artifacts["notes.txt"].Sha256));
        Assert.Contains(await bed.LifecycleEntriesAsync("acme"), e => e.Target == $"run:{run.Id}");

        bed.Time.Advance(10);
        await bed.Retention(policy).RunAsync(RetentionMode.Apply, null, RetentionBed.Actor, CancellationToken.None);

        Assert.False(bed.InHot(run.Artifacts["notes.txt"].Sha256));
    }

    private static Task<Reports.RetentionReport> ApplyEverythingAsync(RetentionBed bed) =>
        bed.Retention(RetentionBed.Policy("acme", experimentDays: 1, coldDays: 1, deleteDays: 2))
            .RunAsync(RetentionMode.Apply, null, RetentionBed.Actor, CancellationToken.None);

    private static Task AppendAsync(RetentionBed bed, string action, string target) =>
        bed.Audit.AppendAsync(new NewAuditEntry("acme", "carol", action, target, new JsonObject()), CancellationToken.None);
}
