using Dapr.Workflow;
using Keel.Workflows.Local;
using Keel.Workflows.Tests.Support;
using Keel.Workflows.Tests.Toys;

namespace Keel.Workflows.Tests;

public sealed class ChildWorkflowTests
{
    [Fact]
    public async Task A_child_workflow_runs_as_its_own_instance_and_returns_its_output()
    {
        await using var host = await WorkflowTestHost.StartAsync();

        var id = await host.Client.ScheduleNewWorkflowAsync(nameof(Parent), input: "Ada");
        var state = await host.Client.WaitForWorkflowCompletionAsync(id).Bounded();

        Assert.Equal("child said HELLO, ADA!", state.ReadOutputAs<string>());
        var history = await host.Client.GetHistoryAsync(id);
        var scheduled = Assert.Single(history, s => s.Kind == WorkflowStepKind.ChildWorkflowScheduled);
        Assert.Equal(nameof(Chain), scheduled.Name);
        Assert.Contains(history, s => s.Kind == WorkflowStepKind.ChildWorkflowCompleted && s.RelatedInstanceId == scheduled.RelatedInstanceId);
        var child = await host.Client.GetWorkflowStateAsync(scheduled.RelatedInstanceId!);
        Assert.Equal(WorkflowRuntimeStatus.Completed, child!.Status);
        Assert.Equal(id, child.ParentInstanceId);
        Assert.Equal(nameof(Chain), child.Name);
    }

    [Fact]
    public async Task A_failed_child_surfaces_in_the_parent_as_WorkflowTaskFailedException()
    {
        await using var host = await WorkflowTestHost.StartAsync();

        var id = await host.Client.ScheduleNewWorkflowAsync(nameof(ParentOfFailure), input: "promote");
        var state = await host.Client.WaitForWorkflowCompletionAsync(id).Bounded();

        Assert.Equal(WorkflowRuntimeStatus.Completed, state.Status);
        Assert.Equal($"Child workflow '{nameof(FailUncaught)}' failed: {typeof(WorkflowTaskFailedException).FullName}: Task failed: cannot promote",
            state.ReadOutputAs<string>());
    }
}
