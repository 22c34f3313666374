using Keel.Lifecycle.Tests.Support;
using Keel.ModelRegistry;
using Keel.Workflows;

namespace Keel.Lifecycle.Tests;

/// <summary>The approval step under the local runtime: rejection, a missed deadline, and approvals that break the separation of duties.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ApprovalTests(PlatformFixture fixture)
{
    private readonly LifecyclePlatform _platform = fixture.Platform;

    [Fact]
    public async Task A_rejected_version_is_archived_by_the_approver_and_never_deployed()
    {
        const string model = "credit_rejected";
        var instance = await _platform.StartTrainingAsync(Specs.Credit(model));
        await _platform.WaitForStepAsync(instance, TrainingSteps.AwaitingApproval);

        await _platform.DecideAsync(instance, "bob", approved: false, comment: "income is not verified");
        var outcome = await _platform.OutcomeAsync(instance);

        Assert.Equal(TrainingStatus.Rejected, outcome.Status);
        Assert.Equal("bob", outcome.DecidedBy);
        Assert.Contains("income is not verified", outcome.Summary);
        var version = (await _platform.Registry.GetVersionAsync(CreditData.Tenant, model, 1, CancellationToken.None))!;
        Assert.Equal(ModelStage.Archived, version.Stage);
        var archived = (await _platform.Registry.TransitionsAsync(CreditData.Tenant, model, 1, CancellationToken.None)).Last();
        Assert.Equal(("bob", ModelStage.Staging, ModelStage.Archived), (archived.Actor, archived.From, archived.To));
        Assert.Contains("income is not verified", archived.Reason);
        Assert.Null(await _platform.Registry.GetByAliasAsync(CreditData.Tenant, model, ModelAliases.Champion, CancellationToken.None));
        var activities = await _platform.ActivitiesAsync(instance);
        Assert.Contains(nameof(RejectActivity), activities);
        Assert.DoesNotContain(nameof(DeployActivity), activities);
        var run = await _platform.Tracking.GetRunAsync(CreditData.Tenant, outcome.RunId!, CancellationToken.None);
        Assert.Equal("rejected", run.Tags[Approvals.StatusTag]);
        Assert.Equal("bob", run.Tags["approval.decided_by"]);
    }

    [Fact]
    public async Task A_version_nobody_approves_in_time_is_archived_by_the_workflow()
    {
        const string model = "credit_unattended";
        var instance = await _platform.StartTrainingAsync(Specs.Credit(model), approvalTimeout: TimeSpan.FromSeconds(2));

        var outcome = await _platform.OutcomeAsync(instance);

        Assert.Equal(TrainingStatus.TimedOut, outcome.Status);
        Assert.Equal(1, outcome.Version);
        var version = (await _platform.Registry.GetVersionAsync(CreditData.Tenant, model, 1, CancellationToken.None))!;
        Assert.Equal(ModelStage.Archived, version.Stage);
        var archived = (await _platform.Registry.TransitionsAsync(CreditData.Tenant, model, 1, CancellationToken.None)).Last();
        Assert.Equal(LifecycleActors.Workflow(instance), archived.Actor);
        Assert.Contains("nobody approved", archived.Reason);
        var run = await _platform.Tracking.GetRunAsync(CreditData.Tenant, outcome.RunId!, CancellationToken.None);
        Assert.Equal("timed_out", run.Tags[Approvals.StatusTag]);

        // The wait was a durable timer raced against the event, as on Dapr.
        var history = await _platform.Workflows.GetHistoryAsync(instance);
        Assert.Contains(history, s => s.Kind == Keel.Workflows.Local.WorkflowStepKind.TimerFired);
        Assert.DoesNotContain(nameof(DeployActivity), await _platform.ActivitiesAsync(instance));
    }

    [Fact]
    public async Task Approvals_by_the_requester_are_refused_and_recorded_and_the_version_waits_for_someone_else()
    {
        const string model = "credit_four_eyes";
        var instance = await _platform.StartTrainingAsync(Specs.Credit(model), requestedBy: "alice");
        var waiting = await _platform.WaitForStepAsync(instance, TrainingSteps.AwaitingApproval);

        await _platform.DecideAsync(instance, "alice");
        var afterFirst = await _platform.WaitForStepAsync(instance, TrainingSteps.AwaitingApproval, p => p.RefusedApprovals.Count == 1);
        await _platform.DecideAsync(instance, " ALICE ");
        var afterSecond = await _platform.WaitForStepAsync(instance, TrainingSteps.AwaitingApproval, p => p.RefusedApprovals.Count == 2);

        // Still waiting, for the same deadline: a refusal does not restart the clock.
        Assert.Equal(waiting.ApprovalDeadline, afterSecond.ApprovalDeadline);
        Assert.Contains("alice", afterFirst.RefusedApprovals[0]);
        Assert.Contains("requested this training", afterFirst.RefusedApprovals[0]);
        Assert.Equal(ModelStage.Staging, (await _platform.Registry.GetVersionAsync(CreditData.Tenant, model, 1, CancellationToken.None))!.Stage);
        var run = await _platform.Tracking.GetRunAsync(CreditData.Tenant, waiting.RunId!, CancellationToken.None);
        Assert.Contains("requested this training", run.Tags[Approvals.RefusedTagPrefix + "1"]);
        Assert.True(run.Tags.ContainsKey(Approvals.RefusedTagPrefix + "2"));

        await _platform.DecideAsync(instance, "carol");
        var outcome = await _platform.OutcomeAsync(instance);

        Assert.Equal(TrainingStatus.Deployed, outcome.Status);
        Assert.Equal("carol", outcome.DecidedBy);
        Assert.Equal(2, outcome.RefusedApprovals.Count);
        Assert.Equal(ModelStage.Production, (await _platform.Registry.GetVersionAsync(CreditData.Tenant, model, 1, CancellationToken.None))!.Stage);
    }
}
