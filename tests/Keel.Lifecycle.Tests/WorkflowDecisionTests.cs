using Keel.Lifecycle.Tests.Support;
using Keel.Workflows;

namespace Keel.Lifecycle.Tests;

/// <summary>The decisions of <see cref="TrainValidateRegisterDeploy"/> and <see cref="Retrain"/>, run on a substituted workflow context.</summary>
public sealed class WorkflowDecisionTests
{
    private static readonly TimeSpan Day = TimeSpan.FromHours(24);

    [Fact]
    public async Task An_approved_version_runs_every_step_in_order_and_the_status_names_each()
    {
        var context = new FakeWorkflowContext().Successful().Event(TimeSpan.FromHours(2), new ApprovalDecision(true, "bob", "fine"));

        var outcome = await new TrainValidateRegisterDeploy().RunAsync(context, CannedSteps.Request);

        Assert.Equal(TrainingStatus.Deployed, outcome.Status);
        Assert.Equal(3, outcome.Version);
        Assert.Equal("bob", outcome.DecidedBy);
        Assert.Equal(2, outcome.PreviousChampion);
        Assert.Equal(
            new[]
            {
                nameof(BuildTrainingSetActivity), nameof(TrainActivity), nameof(EvaluateActivity), nameof(RunGatesActivity), nameof(RegisterActivity),
                nameof(RequestApprovalActivity), nameof(ReviewApprovalActivity), nameof(DeployActivity), nameof(PromoteActivity),
            },
            context.Activities);
        Assert.Equal(
            new[]
            {
                TrainingSteps.BuildTrainingSet, TrainingSteps.Train, TrainingSteps.Evaluate, TrainingSteps.RunGates, TrainingSteps.Register,
                TrainingSteps.RequestApproval, TrainingSteps.AwaitingApproval, TrainingSteps.ReviewApproval, TrainingSteps.Deploy, TrainingSteps.Promote, TrainingSteps.Done,
            },
            context.Statuses.Cast<WorkflowProgress>().Select(s => s.Step));
        var deploy = context.Input<VersionChange>(nameof(DeployActivity));
        Assert.Equal(("bob", 3), (deploy.Actor, deploy.Version));
        Assert.Contains("approved by bob: fine", deploy.Reason);
        var registration = context.Input<Keel.Lifecycle.RegistrationRequest>(nameof(RegisterActivity));
        Assert.Equal(("alice", "workflow:wf-1"), (registration.RequestedBy, registration.Actor));
    }

    [Fact]
    public async Task Failed_gates_end_the_run_before_registration()
    {
        var context = new FakeWorkflowContext().Successful(gatesPass: false);

        var outcome = await new TrainValidateRegisterDeploy().RunAsync(context, CannedSteps.Request);

        Assert.Equal(TrainingStatus.RejectedByGates, outcome.Status);
        Assert.Equal("bias", Assert.Single(outcome.FailedGates).Gate);
        Assert.Contains("bias: age: selection rates differ", outcome.Summary);
        Assert.DoesNotContain(nameof(RegisterActivity), context.Activities);
        Assert.Equal(nameof(RunGatesActivity), context.Activities.Last());
    }

    [Fact]
    public async Task An_invalid_request_ends_at_once_with_the_problem()
    {
        var context = new FakeWorkflowContext().Successful()
            .On<TrainingRequest, Keel.Lifecycle.PreparedTraining>(nameof(BuildTrainingSetActivity), _ =>
                new Keel.Lifecycle.PreparedTraining("default", "credit", null, "feature service 'nope' is unknown"));

        var outcome = await new TrainValidateRegisterDeploy().RunAsync(context, CannedSteps.Request);

        Assert.Equal(TrainingStatus.Invalid, outcome.Status);
        Assert.Contains("nope", outcome.Summary);
        Assert.Equal([nameof(BuildTrainingSetActivity)], context.Activities);
    }

    [Fact]
    public async Task No_decision_before_the_deadline_rejects_the_version_as_timed_out()
    {
        var context = new FakeWorkflowContext().Successful();

        var outcome = await new TrainValidateRegisterDeploy().RunAsync(context, CannedSteps.Request);

        Assert.Equal(TrainingStatus.TimedOut, outcome.Status);
        Assert.Equal([Day], context.Waits);
        var reject = context.Input<RejectInput>(nameof(RejectActivity));
        Assert.True(reject.TimedOut);
        Assert.Equal("workflow:wf-1", reject.Actor);
        Assert.DoesNotContain(nameof(DeployActivity), context.Activities);
    }

    [Fact]
    public async Task A_self_approval_is_refused_and_the_wait_goes_on_for_the_time_that_is_left()
    {
        var context = new FakeWorkflowContext().Successful()
            .Event(TimeSpan.FromHours(5), new ApprovalDecision(true, "alice"))
            .Event(TimeSpan.FromHours(3), new ApprovalDecision(true, "carol"));

        var outcome = await new TrainValidateRegisterDeploy().RunAsync(context, CannedSteps.Request);

        Assert.Equal(TrainingStatus.Deployed, outcome.Status);
        Assert.Equal("carol", outcome.DecidedBy);
        Assert.Contains("requested this training", Assert.Single(outcome.RefusedApprovals));
        Assert.Equal([Day, Day - TimeSpan.FromHours(5)], context.Waits);
        Assert.Equal(2, context.Activities.Count(a => a == nameof(ReviewApprovalActivity)));
        var waiting = context.Statuses.Cast<WorkflowProgress>().Last(s => s.Step == TrainingSteps.AwaitingApproval);
        Assert.Single(waiting.RefusedApprovals);
    }

    [Fact]
    public async Task A_self_approval_does_not_extend_the_deadline()
    {
        var context = new FakeWorkflowContext().Successful().Event(TimeSpan.FromHours(20), new ApprovalDecision(true, "alice"));

        var outcome = await new TrainValidateRegisterDeploy().RunAsync(context, CannedSteps.Request);

        Assert.Equal(TrainingStatus.TimedOut, outcome.Status);
        Assert.Equal([Day, TimeSpan.FromHours(4)], context.Waits);
        Assert.Single(outcome.RefusedApprovals);
    }

    [Fact]
    public async Task An_event_without_a_decision_is_refused_without_a_review()
    {
        var context = new FakeWorkflowContext().Successful()
            .Event(TimeSpan.FromMinutes(1), null)
            .Event(TimeSpan.FromMinutes(1), new ApprovalDecision(false, "bob", "no"));

        var outcome = await new TrainValidateRegisterDeploy().RunAsync(context, CannedSteps.Request);

        Assert.Equal(TrainingStatus.Rejected, outcome.Status);
        Assert.Single(outcome.RefusedApprovals);
        Assert.Single(context.Activities, nameof(ReviewApprovalActivity));
    }

    [Fact]
    public async Task A_rejection_archives_the_version_in_the_approvers_name()
    {
        var context = new FakeWorkflowContext().Successful().Event(TimeSpan.FromHours(1), new ApprovalDecision(false, "bob", "not convinced"));

        var outcome = await new TrainValidateRegisterDeploy().RunAsync(context, CannedSteps.Request);

        Assert.Equal(TrainingStatus.Rejected, outcome.Status);
        var reject = context.Input<RejectInput>(nameof(RejectActivity));
        Assert.Equal(("bob", false), (reject.Actor, reject.TimedOut));
        Assert.Contains("not convinced", reject.Reason);
        Assert.DoesNotContain(nameof(DeployActivity), context.Activities);
    }

    [Theory]
    [InlineData(nameof(DeployActivity), TrainingSteps.Deploy)]
    [InlineData(nameof(PromoteActivity), TrainingSteps.Promote)]
    [InlineData(nameof(RequestApprovalActivity), TrainingSteps.RequestApproval)]
    public async Task A_step_failing_after_registration_is_compensated(string failing, string step)
    {
        var context = new FakeWorkflowContext().Successful()
            .Event(TimeSpan.FromHours(1), new ApprovalDecision(true, "bob"))
            .Failing(failing, "the broker is gone");

        var outcome = await new TrainValidateRegisterDeploy().RunAsync(context, CannedSteps.Request);

        Assert.Equal(TrainingStatus.Failed, outcome.Status);
        Assert.True(outcome.Compensated);
        var compensation = context.Input<CompensateInput>(nameof(CompensateActivity));
        Assert.Equal((3, CannedSteps.RunId, "workflow:wf-1"), (compensation.Version, compensation.RunId, compensation.Actor));
        Assert.Equal($"{step} failed: the broker is gone", compensation.Reason);
        Assert.Equal(nameof(CompensateActivity), context.Activities.Last());
        Assert.Contains(context.Statuses.Cast<WorkflowProgress>(), s => s.Step == TrainingSteps.Compensate && s.Detail == compensation.Reason);
    }

    [Fact]
    public async Task A_registration_that_fails_is_compensated_by_run_as_its_version_is_unknown()
    {
        var context = new FakeWorkflowContext().Successful().Failing(nameof(RegisterActivity), "the registry is gone");

        var outcome = await new TrainValidateRegisterDeploy().RunAsync(context, CannedSteps.Request);

        Assert.Equal(TrainingStatus.Failed, outcome.Status);
        var compensation = context.Input<CompensateInput>(nameof(CompensateActivity));
        Assert.Null(compensation.Version);
        Assert.Equal(CannedSteps.RunId, compensation.RunId);
    }

    [Fact]
    public async Task A_failure_before_registration_closes_the_run_and_compensates_nothing()
    {
        var context = new FakeWorkflowContext().Successful().Failing(nameof(EvaluateActivity), "the artifact store is gone");

        var outcome = await new TrainValidateRegisterDeploy().RunAsync(context, CannedSteps.Request);

        Assert.Equal(TrainingStatus.Failed, outcome.Status);
        Assert.False(outcome.Compensated);
        Assert.Equal(CannedSteps.RunId, context.Input<FailRunInput>(nameof(FailRunActivity)).RunId);
        Assert.DoesNotContain(nameof(RegisterActivity), context.Activities);
        Assert.DoesNotContain(nameof(CompensateActivity), context.Activities);
    }

    [Fact]
    public async Task Retrain_trains_the_latest_spec_as_a_child_with_the_previous_run_as_parent()
    {
        var context = new FakeWorkflowContext("retrain-7")
            .On<RetrainRequest, Keel.Lifecycle.RetrainingPlan>(nameof(PrepareRetrainActivity), input =>
                new Keel.Lifecycle.RetrainingPlan("default", input.Model, 4, "name: credit", "run-4", null));
        context.ChildWorkflow = (_, _) => new TrainingOutcome(TrainingStatus.Deployed, "deployed") { Version = 5 };

        var outcome = await new Retrain().RunAsync(context, new RetrainRequest("credit", "drift-monitor") { Reason = "drift" });

        Assert.Equal(5, outcome.Version);
        var (name, input, instanceId) = Assert.Single(context.Children);
        Assert.Equal(nameof(TrainValidateRegisterDeploy), name);
        Assert.Equal("retrain-7-train", instanceId);
        var request = Assert.IsType<TrainingRequest>(input);
        Assert.Equal(("name: credit", "drift-monitor", "run-4", "drift"), (request.Spec, request.RequestedBy, request.ParentRunId, request.Reason));
    }

    [Fact]
    public async Task Retrain_of_a_model_without_a_version_is_invalid_and_starts_nothing()
    {
        var context = new FakeWorkflowContext()
            .On<RetrainRequest, Keel.Lifecycle.RetrainingPlan>(nameof(PrepareRetrainActivity), input =>
                new Keel.Lifecycle.RetrainingPlan("default", input.Model, null, null, null, "Model 'x' has no registered version to retrain from."));

        var outcome = await new Retrain().RunAsync(context, new RetrainRequest("x", "drift-monitor"));

        Assert.Equal(TrainingStatus.Invalid, outcome.Status);
        Assert.Empty(context.Children);
    }
}
