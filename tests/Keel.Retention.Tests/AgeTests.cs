using Keel.ModelRegistry;
using Keel.Retention.Planning;
using Keel.Retention.Policy;

namespace Keel.Retention.Tests;

public sealed class AgeTests
{
    [Fact]
    public async Task Experiment_artifacts_younger_than_the_threshold_stay_and_older_ones_go()
    {
        using var bed = new RetentionBed();
        var old = await bed.RunAsync("acme");
        bed.Time.Advance(2);
        var young = await bed.RunAsync("acme");
        bed.Time.Advance(29);

        var plan = await bed.Planner(RetentionBed.Policy("acme", experimentDays: 30)).PlanAsync(null, CancellationToken.None);

        Assert.Equal(old.Artifacts.Values.Select(a => a.Sha256).Order(), plan.Actions.Select(a => a.Sha256).Order());
        Assert.DoesNotContain(plan.Actions, a => young.Artifacts.Values.Any(y => y.Sha256 == a.Sha256));
    }

    [Fact]
    public async Task A_forecast_measures_ages_at_its_moment_and_a_moment_before_now_is_refused()
    {
        using var bed = new RetentionBed();
        var run = await bed.RunAsync("acme");
        bed.Time.Advance(2);
        var planner = bed.Planner(RetentionBed.Policy("acme", experimentDays: 30));
        var now = bed.Time.GetUtcNow();

        var today = await planner.PlanAsync(null, CancellationToken.None);
        var tooEarly = await planner.PlanAsync(null, CancellationToken.None, now.AddDays(27));
        var due = await planner.PlanAsync(null, CancellationToken.None, now.AddDays(28));

        Assert.Empty(today.Actions);
        Assert.False(today.Forecast);
        Assert.Empty(tooEarly.Actions);
        Assert.True(due.Forecast);
        Assert.Equal(now.AddDays(28), due.PlannedAt);
        Assert.Equal(run.Artifacts.Values.Select(a => a.Sha256).Order(), due.Actions.Select(a => a.Sha256).Order());
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => planner.PlanAsync(null, CancellationToken.None, now.AddSeconds(-1)));
    }

    [Fact]
    public async Task Archived_versions_go_cold_after_their_days_and_are_deleted_after_theirs()
    {
        using var bed = new RetentionBed();
        var longAgo = await bed.RegisterAsync("acme", "credit", await bed.RunAsync("acme"), ModelStage.Archived);
        bed.Time.Advance(50);
        var recently = await bed.RegisterAsync("acme", "credit", await bed.RunAsync("acme"), ModelStage.Archived);
        bed.Time.Advance(5);
        var justNow = await bed.RegisterAsync("acme", "credit", await bed.RunAsync("acme"), ModelStage.Archived);
        bed.Time.Advance(6);
        // longAgo was archived 61 days ago, recently 11, justNow 6.

        var plan = await bed.Planner(RetentionBed.Policy("acme", coldDays: 10, deleteDays: 60)).PlanAsync(null, CancellationToken.None);

        Assert.Equal(RetentionAction.Delete, ActionOn(plan, longAgo.ArtifactSha256));
        Assert.Equal(RetentionAction.MoveToCold, ActionOn(plan, recently.ArtifactSha256));
        Assert.Null(ActionOn(plan, justNow.ArtifactSha256));
        Assert.Equal("archived_versions.delete_after_days=60", plan.Actions.First(a => a.Sha256 == longAgo.ArtifactSha256).Rule);
    }

    [Fact]
    public async Task The_age_of_an_archived_version_counts_from_its_archiving_not_its_registration()
    {
        using var bed = new RetentionBed();
        var version = await bed.RegisterAsync("acme", "credit", await bed.RunAsync("acme"), ModelStage.Staging);
        bed.Time.Advance(100);
        await bed.TransitionAsync("acme", "credit", version.Version, ModelStage.Archived);
        bed.Time.Advance(5);

        var plan = await bed.Planner(RetentionBed.Policy("acme", coldDays: 10)).PlanAsync(null, CancellationToken.None);

        Assert.Empty(plan.Actions);
    }

    [Fact]
    public async Task A_run_still_running_is_never_touched()
    {
        using var bed = new RetentionBed();
        await bed.RunAsync("acme", end: false);
        bed.Time.Advance(400);

        var plan = await bed.Planner(RetentionBed.Policy("acme", experimentDays: 1)).PlanAsync(null, CancellationToken.None);

        Assert.Empty(plan.Actions);
    }

    [Fact]
    public async Task A_blob_shared_by_an_old_and_a_young_run_stays_until_both_let_go()
    {
        using var bed = new RetentionBed();
        var shared = bed.Content();
        var old = await bed.RunAsync("acme", dataset: shared);
        bed.Time.Advance(20);
        await bed.RunAsync("acme", dataset: shared);
        bed.Time.Advance(15);
        var policy = RetentionBed.Policy("acme", experimentDays: 30);
        var sha = old.Artifacts["dataset.parquet"].Sha256;

        var plan = await bed.Planner(policy).PlanAsync(null, CancellationToken.None);

        Assert.Null(ActionOn(plan, sha));
        var kept = Assert.Single(plan.Kept, k => k.Sha256 == sha);
        Assert.Contains("younger than the rule", kept.Reason);
        bed.Time.Advance(20);
        Assert.Equal(RetentionAction.Delete, ActionOn(await bed.Planner(policy).PlanAsync(null, CancellationToken.None), sha));
    }

    private static RetentionAction? ActionOn(RetentionPlan plan, string sha256) =>
        plan.Actions.FirstOrDefault(a => a.Sha256 == sha256)?.Action;
}
