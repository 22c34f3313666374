using System.Text.Json.Nodes;
using Keel.ModelRegistry;
using Keel.Retention.Planning;
using Keel.Retention.Policy;
using Keel.Retention.Reports;
using Keel.Retention.Storage;

namespace Keel.Retention.Tests;

public sealed class ApplyTests
{
    [Fact]
    public async Task Apply_executes_exactly_the_plan_and_disk_changes_by_exactly_its_actions()
    {
        using var bed = new RetentionBed();
        var older = await bed.RunAsync("acme");
        var old = await bed.RunAsync("acme");
        var archived = await bed.RunAsync("acme");
        await bed.RegisterAsync("acme", "credit", archived, ModelStage.Archived);
        bed.Time.Advance(100);
        var young = await bed.RunAsync("acme");
        var options = RetentionBed.Policy("acme", experimentDays: 30, coldDays: 10);
        var plan = await bed.Planner(options).PlanAsync(null, CancellationToken.None);
        var before = bed.Disk();

        var applied = await bed.Applier().ApplyAsync(plan, RetentionBed.Actor, CancellationToken.None);

        Assert.Equal(plan.Actions, applied.Select(a => a.Planned));
        Assert.All(applied, a => Assert.True(a.Done));
        var expected = new SortedDictionary<string, (long, string)>(before, StringComparer.Ordinal);
        foreach (var action in plan.Actions)
        {
            var hot = Path.GetRelativePath(bed.Directory, bed.Store.Hot.PathOf(action.Sha256));
            var cold = Path.GetRelativePath(bed.Directory, bed.Store.Cold.PathOf(action.Sha256));
            var file = before[action.Tier == StorageTier.Hot ? hot : cold];
            expected.Remove(action.Tier == StorageTier.Hot ? hot : cold);
            if (action.Action == RetentionAction.MoveToCold)
            {
                expected[cold] = file;
            }
        }
        Assert.Equal(expected, bed.Disk());
        Assert.All(young.Artifacts.Values, a => Assert.True(bed.InHot(a.Sha256)));
        Assert.All(old.Artifacts.Values.Concat(older.Artifacts.Values), a => Assert.False(bed.InHot(a.Sha256) || bed.InCold(a.Sha256)));
    }

    [Fact]
    public async Task An_apply_run_does_what_the_dry_run_before_it_listed()
    {
        using var bed = new RetentionBed();
        await bed.RunAsync("acme");
        var archived = await bed.RunAsync("acme");
        await bed.RegisterAsync("acme", "credit", archived, ModelStage.Archived);
        bed.Time.Advance(100);
        await bed.RunAsync("acme");
        var retention = bed.Retention(RetentionBed.Policy("acme", experimentDays: 30, coldDays: 10));

        var dryRun = await retention.RunAsync(RetentionMode.DryRun, null, RetentionBed.Actor, CancellationToken.None);
        var apply = await retention.RunAsync(RetentionMode.Apply, null, RetentionBed.Actor, CancellationToken.None);

        Assert.NotEmpty(dryRun.Actions);
        Assert.Equal(dryRun.Actions.Select(a => a with { Status = "" }), apply.Actions.Select(a => a with { Status = "" }), new ActionComparer());
        Assert.All(apply.Actions, a => Assert.Equal(RetentionReport.Done, a.Status));
        var again = await retention.RunAsync(RetentionMode.DryRun, null, RetentionBed.Actor, CancellationToken.None);
        Assert.Empty(again.Actions);
    }

    [Fact]
    public async Task Every_deletion_and_move_appends_an_audit_entry_per_owner_with_bytes_and_rule()
    {
        using var bed = new RetentionBed();
        var shared = bed.Content();
        var first = await bed.RunAsync("acme", notes: shared);
        var second = await bed.RunAsync("acme", notes: shared);
        var archived = await bed.RunAsync("acme");
        var version = await bed.RegisterAsync("acme", "credit", archived, ModelStage.Archived);
        bed.Time.Advance(100);

        var report = await bed.Retention(RetentionBed.Policy("acme", experimentDays: 30, coldDays: 10)).RunAsync(RetentionMode.Apply, null, "bob", CancellationToken.None);

        var entries = await bed.LifecycleEntriesAsync("acme");
        Assert.Equal(report.Actions.Sum(a => a.Owners.Count), entries.Count);
        var deletions = entries.Where(e => e.Action == LifecycleAudit.ArtifactDeleted).ToArray();
        Assert.Equal(report.Actions.Where(a => a.Action == RetentionAction.Delete).Sum(a => a.Owners.Count), deletions.Length);
        Assert.Equal(6, deletions.Length);
        Assert.All(entries, e => Assert.Equal("bob", e.Actor));
        var sharedSha = first.Artifacts["notes.txt"].Sha256;
        var sharedEntries = deletions.Where(e => JsonNode.Parse(e.Details)!["sha256"]!.GetValue<string>() == sharedSha).ToArray();
        Assert.Equal(new[] { $"run:{first.Id}", $"run:{second.Id}" }.Order(), sharedEntries.Select(e => e.Target).Order());
        var details = JsonNode.Parse(sharedEntries[0].Details)!;
        Assert.Equal(first.Artifacts["notes.txt"].Size, details["bytes"]!.GetValue<long>());
        Assert.Equal("experiment_artifacts.older_than_days=30", details["rule"]!.GetValue<string>());
        Assert.Equal(2, details["owners"]!.GetValue<int>());
        var moves = entries.Where(e => e.Action == LifecycleAudit.ArtifactMoved).ToArray();
        Assert.NotEmpty(moves);
        Assert.Contains(moves, e => e.Target == $"model:credit:{version.Version}");
        Assert.All(moves, e => Assert.Equal("cold", JsonNode.Parse(e.Details)!["to_tier"]!.GetValue<string>()));
    }

    [Fact]
    public async Task The_timer_in_apply_mode_acts_as_the_lifecycle_policy()
    {
        using var bed = new RetentionBed();
        await bed.RunAsync("acme");
        bed.Time.Advance(100);
        var options = RetentionBed.Policy("acme", experimentDays: 30);
        options.ScheduledMode = RetentionMode.Apply;

        var report = await bed.Retention(options).RunScheduledAsync(CancellationToken.None);

        Assert.Equal(3, report.Totals.Deletes);
        Assert.All(await bed.LifecycleEntriesAsync("acme"), e => Assert.Equal(LifecycleAudit.PolicyActor, e.Actor));
        Assert.Equal(3, (await bed.LifecycleEntriesAsync("acme")).Count);
    }

    [Fact]
    public async Task A_moved_artifact_stays_readable_under_its_address()
    {
        using var bed = new RetentionBed();
        var archived = await bed.RunAsync("acme", onnx: "the archived model");
        await bed.RegisterAsync("acme", "credit", archived, ModelStage.Archived);
        bed.Time.Advance(20);

        await bed.Retention(RetentionBed.Policy("acme", coldDays: 10)).RunAsync(RetentionMode.Apply, null, RetentionBed.Actor, CancellationToken.None);

        var sha = archived.Artifacts["model.onnx"].Sha256;
        Assert.False(bed.InHot(sha));
        Assert.True(bed.InCold(sha));
        await using var stream = await bed.Store.OpenAsync(sha, CancellationToken.None);
        Assert.Equal("the archived model", await new StreamReader(stream).ReadToEndAsync());
    }

    private sealed class ActionComparer : IEqualityComparer<ReportedAction>
    {
        public bool Equals(ReportedAction? x, ReportedAction? y) =>
            x is not null && y is not null && x.Sha256 == y.Sha256 && x.Action == y.Action && x.Tier == y.Tier && x.Bytes == y.Bytes
            && x.Rule == y.Rule && x.Owners.SequenceEqual(y.Owners);

        public int GetHashCode(ReportedAction obj) => HashCode.Combine(obj.Sha256, obj.Action, obj.Tier);
    }
}
