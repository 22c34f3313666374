using Keel.Lifecycle.Tests.Support;
using Keel.Workflows;

namespace Keel.Lifecycle.Tests;

/// <summary>The canary decisions of <see cref="TrainValidateRegisterDeploy"/>, run on a substituted workflow context.</summary>
public sealed class CanaryDecisionTests
{
    private static readonly TrainingRequest Canary = CannedSteps.Request with { Canary = new CanaryRequest(10, TimeSpan.FromHours(4)) };

    private static FakeWorkflowContext Approved(int? stableVersion = 2) => new FakeWorkflowContext().Successful()
        .Event(TimeSpan.FromHours(1), new ApprovalDecision(true, "bob", "fine"))
        .On<CanaryInput, CanaryStart>(nameof(StartCanaryActivity), input => new CanaryStart(input.Model, input.Version, stableVersion, input.Percent, stableVersion is null ? null : "evt-canary"))
        .On<CanaryRollbackInput, CanaryRollback>(nameof(RollBackCanaryActivity), input => new CanaryRollback(input.Model, input.Version, input.StableVersion, "Archived", "evt-rollback"));

    [Fact]
    public async Task A_promoted_canary_is_deployed_and_becomes_champion()
    {
        var context = Approved().Event(TimeSpan.FromMinutes(30), new CanaryVerdict(CanaryVerdict.Promote, 3, 2, ["every check passed"]));

        var outcome = await new TrainValidateRegisterDeploy().RunAsync(context, Canary);

        Assert.Equal(TrainingStatus.Deployed, outcome.Status);
        Assert.Equal(["every check passed"], outcome.CanaryReasons);
        Assert.Equal(
            [nameof(ReviewApprovalActivity), nameof(StartCanaryActivity), nameof(DeployActivity), nameof(PromoteActivity)],
            context.Activities.SkipWhile(a => a != nameof(ReviewApprovalActivity)));
        var start = context.Input<CanaryInput>(nameof(StartCanaryActivity));
        Assert.Equal((3, 10.0, "wf-1"), (start.Version, start.Percent, start.WorkflowInstanceId));
        var waiting = context.Statuses.Cast<WorkflowProgress>().Single(s => s.Step == TrainingSteps.AwaitingCanary);
        Assert.Equal(new DateTime(2026, 3, 1, 14, 0, 0, DateTimeKind.Utc), waiting.CanaryDeadline);
        Assert.Equal(TimeSpan.FromHours(4), context.Waits.Last());
    }

    [Fact]
    public async Task A_rolled_back_canary_is_archived_and_never_deployed()
    {
        var context = Approved().Event(TimeSpan.FromMinutes(30), new CanaryVerdict(CanaryVerdict.Rollback, 3, 2, ["errorRate: 4.0 % against 1.0 %"]));

        var outcome = await new TrainValidateRegisterDeploy().RunAsync(context, Canary);

        Assert.Equal(TrainingStatus.RolledBack, outcome.Status);
        Assert.Contains("errorRate: 4.0 % against 1.0 %", outcome.Summary);
        Assert.Contains("version 2 serves", outcome.Summary);
        var rollback = context.Input<CanaryRollbackInput>(nameof(RollBackCanaryActivity));
        Assert.Equal((3, 2, "workflow:wf-1"), (rollback.Version, rollback.StableVersion, rollback.Actor));
        Assert.Equal(["errorRate: 4.0 % against 1.0 %"], rollback.Reasons);
        Assert.DoesNotContain(nameof(DeployActivity), context.Activities);
        Assert.DoesNotContain(nameof(PromoteActivity), context.Activities);
        Assert.DoesNotContain(nameof(CompensateActivity), context.Activities);
    }

    [Fact]
    public async Task No_recommendation_before_the_deadline_rolls_the_canary_back()
    {
        var context = Approved();

        var outcome = await new TrainValidateRegisterDeploy().RunAsync(context, Canary);

        Assert.Equal(TrainingStatus.RolledBack, outcome.Status);
        Assert.Contains("no canary recommendation within 04:00:00", Assert.Single(context.Input<CanaryRollbackInput>(nameof(RollBackCanaryActivity)).Reasons));
        Assert.DoesNotContain(nameof(DeployActivity), context.Activities);
    }

    [Fact]
    public async Task A_recommendation_about_another_version_is_ignored_and_the_wait_goes_on()
    {
        var context = Approved()
            .Event(TimeSpan.FromHours(1), new CanaryVerdict(CanaryVerdict.Promote, 1, 2, ["an earlier rollout"]))
            .Event(TimeSpan.FromHours(1), new CanaryVerdict(CanaryVerdict.Rollback, 3, 2, ["latency: p95 ratio 2.1"]));

        var outcome = await new TrainValidateRegisterDeploy().RunAsync(context, Canary);

        Assert.Equal(TrainingStatus.RolledBack, outcome.Status);
        Assert.Equal(["latency: p95 ratio 2.1"], outcome.CanaryReasons);
        Assert.Equal([TimeSpan.FromHours(4), TimeSpan.FromHours(3)], context.Waits.TakeLast(2));
    }

    [Fact]
    public async Task Without_a_version_in_production_the_version_is_deployed_directly()
    {
        var context = Approved(stableVersion: null);

        var outcome = await new TrainValidateRegisterDeploy().RunAsync(context, Canary);

        Assert.Equal(TrainingStatus.Deployed, outcome.Status);
        Assert.Contains(nameof(StartCanaryActivity), context.Activities);
        Assert.DoesNotContain(context.Statuses.Cast<WorkflowProgress>(), s => s.Step == TrainingSteps.AwaitingCanary);
        Assert.Equal(nameof(PromoteActivity), context.Activities.Last());
    }

    [Fact]
    public async Task A_deployment_failing_after_a_promotion_ends_the_canary_before_compensating()
    {
        var context = Approved()
            .Event(TimeSpan.FromMinutes(30), new CanaryVerdict(CanaryVerdict.Promote, 3, 2, ["every check passed"]))
            .Failing(nameof(DeployActivity), "the broker is gone");

        var outcome = await new TrainValidateRegisterDeploy().RunAsync(context, Canary);

        Assert.Equal(TrainingStatus.Failed, outcome.Status);
        Assert.True(outcome.Compensated);
        Assert.Equal([nameof(RollBackCanaryActivity), nameof(CompensateActivity)], context.Activities.TakeLast(2));
        Assert.Equal(["Deploy failed: the broker is gone"], context.Input<CanaryRollbackInput>(nameof(RollBackCanaryActivity)).Reasons);
    }
}
