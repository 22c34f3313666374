using System.Text.Json.Nodes;
using Keel.Audit;
using Keel.ModelRegistry;
using Keel.Retention.Policy;
using Keel.Retention.Reports;

namespace Keel.Retention.Tests;

/// <summary>Content addressing lets tenants share one stored copy; no tenant's policy may delete another's data.</summary>
public sealed class CrossTenantTests
{
    [Fact]
    public async Task A_blob_in_another_tenants_production_version_survives_a_policy_that_releases_it()
    {
        using var bed = new RetentionBed();
        var model = bed.Content();
        var trial = await bed.RunAsync("acme", onnx: model);
        await bed.RegisterAsync("globex", "fraud", await bed.RunAsync("globex", onnx: model), ModelStage.Production);
        bed.Time.Advance(400);
        var options = RetentionBed.Policy("acme", experimentDays: 30);
        options.KnownTenants = ["globex"];

        var report = await bed.Retention(options).RunAsync(RetentionMode.Apply, ["acme"], RetentionBed.Actor, CancellationToken.None);

        var sha = trial.Artifacts["model.onnx"].Sha256;
        Assert.True(bed.InHot(sha));
        Assert.False(bed.InHot(trial.Artifacts["notes.txt"].Sha256));
        var kept = Assert.Single(report.Kept, k => k.Sha256 == sha);
        Assert.Contains("stage Production", kept.Reason);
        Assert.Equal("globex", kept.KeptBy!.Tenant);
    }

    [Fact]
    public async Task A_tenant_found_only_in_the_audit_log_is_read_too()
    {
        using var bed = new RetentionBed();
        var model = bed.Content();
        var trial = await bed.RunAsync("acme", onnx: model);
        await bed.RegisterAsync("globex", "fraud", await bed.RunAsync("globex", onnx: model), ModelStage.Staging);
        await bed.Audit.AppendAsync(new NewAuditEntry("globex", "dave", AuditActions.ModelRegistered, AuditTargets.Model("fraud", 1), new JsonObject()), CancellationToken.None);
        bed.Time.Advance(400);

        var report = await bed.Retention(RetentionBed.Policy("acme", experimentDays: 30)).RunAsync(RetentionMode.Apply, null, RetentionBed.Actor, CancellationToken.None);

        Assert.Contains("globex", report.ScannedTenants);
        Assert.True(bed.InHot(trial.Artifacts["model.onnx"].Sha256));
    }

    [Fact]
    public async Task A_blob_another_tenant_has_no_rule_for_is_kept_even_when_that_tenants_run_is_old()
    {
        using var bed = new RetentionBed();
        var notes = bed.Content();
        var trial = await bed.RunAsync("acme", notes: notes);
        await bed.RunAsync("globex", notes: notes);
        bed.Time.Advance(400);
        var options = RetentionBed.Policy("acme", experimentDays: 30);
        options.KnownTenants = ["globex"];

        var report = await bed.Retention(options).RunAsync(RetentionMode.Apply, null, RetentionBed.Actor, CancellationToken.None);

        Assert.True(bed.InHot(trial.Artifacts["notes.txt"].Sha256));
        Assert.Contains(report.Kept, k => k.Sha256 == trial.Artifacts["notes.txt"].Sha256 && k.Reason.Contains("no experiment_artifacts rule"));
    }

    [Fact]
    public async Task A_blob_released_by_both_tenants_is_deleted_once_and_audited_in_each()
    {
        using var bed = new RetentionBed();
        var notes = bed.Content();
        var acme = await bed.RunAsync("acme", notes: notes);
        var globex = await bed.RunAsync("globex", notes: notes);
        bed.Time.Advance(400);
        var options = RetentionBed.Policy("acme", experimentDays: 30);
        options.Tenants["globex"] = new TenantRetentionOptions { ExperimentArtifacts = new ExperimentArtifactsOptions { OlderThanDays = 90 } };

        var report = await bed.Retention(options).RunAsync(RetentionMode.Apply, null, RetentionBed.Actor, CancellationToken.None);

        var sha = acme.Artifacts["notes.txt"].Sha256;
        Assert.False(bed.InHot(sha));
        Assert.Single(report.Actions, a => a.Sha256 == sha);
        Assert.Contains(await bed.LifecycleEntriesAsync("acme"), e => e.Target == $"run:{acme.Id}" && e.Details.Contains(sha, StringComparison.Ordinal));
        Assert.Contains(await bed.LifecycleEntriesAsync("globex"), e => e.Target == $"run:{globex.Id}" && e.Details.Contains(sha, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_tenants_view_of_the_report_hides_other_tenants()
    {
        using var bed = new RetentionBed();
        var model = bed.Content();
        await bed.RunAsync("acme", onnx: model);
        await bed.RegisterAsync("globex", "secret-model", await bed.RunAsync("globex", onnx: model), ModelStage.Production);
        bed.Time.Advance(400);
        var options = RetentionBed.Policy("acme", experimentDays: 30);
        options.KnownTenants = ["globex"];

        var report = await bed.Retention(options).RunAsync(RetentionMode.DryRun, ["acme"], RetentionBed.Actor, CancellationToken.None);
        var view = TenantView.For(report, "acme");

        var json = RetentionReportJson.Serialize(view);
        Assert.DoesNotContain("globex", json);
        Assert.DoesNotContain("secret-model", json);
        Assert.Contains(view.Kept, k => k.Reason == TenantView.OtherTenant);
        Assert.Contains("globex", RetentionReportJson.Serialize(report));
    }
}
