using Keel.ModelRegistry;
using Keel.Retention.Planning;
using Keel.Retention.Policy;

namespace Keel.Retention.Tests;

public sealed class DryRunTests
{
    [Fact]
    public async Task A_dry_run_lists_actions_and_changes_nothing_on_disk_or_in_the_audit_log()
    {
        using var bed = new RetentionBed();
        await bed.RunAsync("acme");
        var archived = await bed.RunAsync("acme");
        await bed.RegisterAsync("acme", "credit", archived, ModelStage.Archived);
        bed.Time.Advance(100);
        var before = bed.Disk();

        var report = await bed.Retention(RetentionBed.Policy("acme", experimentDays: 30, coldDays: 10)).RunAsync(RetentionMode.DryRun, null, RetentionBed.Actor, CancellationToken.None);

        Assert.Contains(report.Actions, a => a.Action == RetentionAction.Delete);
        Assert.Contains(report.Actions, a => a.Action == RetentionAction.MoveToCold);
        Assert.All(report.Actions, a => Assert.Equal(Reports.RetentionReport.Planned, a.Status));
        Assert.True(report.Totals.BytesDeleted > 0);
        Assert.Equal(before, bed.Disk());
        Assert.Empty(await bed.LifecycleEntriesAsync());
    }

    [Fact]
    public async Task The_default_scheduled_mode_is_a_dry_run()
    {
        using var bed = new RetentionBed();
        await bed.RunAsync("acme");
        bed.Time.Advance(100);
        var before = bed.Disk();
        var options = RetentionBed.Policy("acme", experimentDays: 30);

        var report = await bed.Retention(options).RunScheduledAsync(CancellationToken.None);

        Assert.Equal(RetentionMode.DryRun, options.ScheduledMode);
        Assert.Equal(RetentionMode.DryRun, report.Mode);
        Assert.Equal(LifecycleAudit.PolicyActor, report.Actor);
        Assert.Equal(3, report.Totals.Deletes);
        Assert.Equal(before, bed.Disk());
    }
}
