using Keel.Workflows;
using Keel.Workflows.Local;

namespace Keel.Lifecycle.Tests.Support;

/// <summary>Starting workflows, following their custom status and answering their approvals, bounded in time.</summary>
public static class WorkflowDriving
{
    /// <summary>Training, evaluation and gates take seconds each on two busy cores; this bounds a hung instance, not a slow one.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    /// <summary>Fast retries: the tests that fail a step should not wait the production back-off.</summary>
    public static readonly ActivityRetry QuickRetry = new(2, TimeSpan.FromMilliseconds(50), 1, TimeSpan.FromMilliseconds(50));

    public static async Task<string> StartTrainingAsync(this LifecyclePlatform platform, string spec, string requestedBy = "alice", TimeSpan? approvalTimeout = null, ActivityRetry? retry = null)
    {
        var request = new TrainingRequest(spec, requestedBy) { ApprovalTimeout = approvalTimeout ?? TimeSpan.FromMinutes(10), Retry = retry ?? QuickRetry };
        return await platform.Workflows.ScheduleNewWorkflowAsync(nameof(TrainValidateRegisterDeploy), input: request);
    }

    /// <summary>Polls the instance's custom status until it is at <paramref name="step"/> and satisfies <paramref name="also"/>.</summary>
    public static async Task<WorkflowProgress> WaitForStepAsync(this LifecyclePlatform platform, string instanceId, string step, Func<WorkflowProgress, bool>? also = null)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (true)
        {
            // A child instance exists only once its parent has scheduled it.
            var state = await platform.Workflows.GetWorkflowStateAsync(instanceId);
            var progress = state?.ReadCustomStatusAs<WorkflowProgress>();
            if (progress?.Step == step && (also?.Invoke(progress) ?? true))
            {
                return progress;
            }
            if (state?.IsCompleted == true)
            {
                Assert.Fail($"Instance {instanceId} finished ({state.Status}: {state.OutputJson ?? state.Failure?.ErrorMessage}) without reaching {step}.");
            }
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Instance {instanceId} did not reach {step} in {Limit}; it is at {progress?.Step}.");
            }
            await Task.Delay(50);
        }
    }

    public static async Task<TrainingOutcome> OutcomeAsync(this LifecyclePlatform platform, string instanceId)
    {
        var state = await platform.Workflows.WaitForWorkflowCompletionAsync(instanceId).WaitAsync(Limit);
        Assert.True(state.Status == Dapr.Workflow.WorkflowRuntimeStatus.Completed, $"{instanceId} ended {state.Status}: {state.Failure?.ErrorMessage}\n{state.Failure?.StackTrace}");
        return state.ReadOutputAs<TrainingOutcome>()!;
    }

    public static Task DecideAsync(this LifecyclePlatform platform, string instanceId, string approver, bool approved = true, string? comment = null) =>
        platform.Workflows.RaiseEventAsync(instanceId, ApprovalDecision.EventName, new ApprovalDecision(approved, approver, comment));

    /// <summary>The activities the instance scheduled, first attempts only, in order.</summary>
    public static async Task<IReadOnlyList<string>> ActivitiesAsync(this LifecyclePlatform platform, string instanceId) =>
        (await platform.Workflows.GetHistoryAsync(instanceId))
            .Where(s => s.Kind == WorkflowStepKind.ActivityScheduled && s.Attempt == 1)
            .Select(s => s.Name!)
            .ToArray();
}
