using Dapr.Workflow;
using Keel.Workflows.Local;
using Keel.Workflows.Tests.Support;
using Keel.Workflows.Tests.Toys;

namespace Keel.Workflows.Tests;

public sealed class TimerAndEventTests
{
    private sealed record Progress(string Stage);

    [Fact]
    public async Task A_timer_fires_at_its_due_time_and_the_workflow_clock_moves_with_it()
    {
        await using var host = await WorkflowTestHost.StartAsync();

        var id = await host.Client.ScheduleNewWorkflowAsync(nameof(Sleep), input: 300);
        var state = await host.Client.WaitForWorkflowCompletionAsync(id).Bounded();

        var times = state.ReadOutputAs<DateTime[]>()!;
        Assert.True(times[1] - times[0] >= TimeSpan.FromMilliseconds(300), $"{times[0]:O} → {times[1]:O}");
        var history = await host.Client.GetHistoryAsync(id);
        var created = Assert.Single(history, s => s.Kind == WorkflowStepKind.TimerCreated);
        var fired = Assert.Single(history, s => s.Kind == WorkflowStepKind.TimerFired);
        Assert.Equal(created.TaskId, fired.TaskId);
        Assert.True(fired.Timestamp >= created.FireAt);
    }

    [Fact]
    public async Task An_event_raised_after_the_workflow_waits_is_delivered_and_the_custom_status_shows_the_wait()
    {
        await using var host = await WorkflowTestHost.StartAsync();
        var id = await host.Client.ScheduleNewWorkflowAsync(nameof(Approval), input: new ApprovalRequest(TimeoutMs: 30_000));

        await Wait.UntilAsync(async () => (await host.Client.GetWorkflowStateAsync(id))?.ReadCustomStatusAs<Progress>()?.Stage == "awaiting approval",
            "the workflow waits for approval");
        var waiting = await host.Client.GetWorkflowStateAsync(id);
        Assert.Equal(WorkflowRuntimeStatus.Running, waiting!.Status);
        Assert.Equal("""{"stage":"awaiting approval"}""", waiting.CustomStatusJson);

        await host.Client.RaiseEventAsync(id, "approval", new Decision(false, "risk officer"));
        var state = await host.Client.WaitForWorkflowCompletionAsync(id).Bounded();

        Assert.Equal("rejected by risk officer", state.ReadOutputAs<string>());
        Assert.Equal("decided", state.ReadCustomStatusAs<Progress>()!.Stage);
        var history = await host.Client.GetHistoryAsync(id);
        Assert.Contains(history, s => s is { Kind: WorkflowStepKind.EventRaised, Name: "approval" });
        Assert.Contains(history, s => s is { Kind: WorkflowStepKind.EventReceived, Name: "approval" });
        Assert.Contains(history, s => s is { Kind: WorkflowStepKind.TimerCanceled, Name: "timeout:approval" });
        Assert.Equal(2, history.Count(s => s.Kind == WorkflowStepKind.CustomStatusSet));
    }

    [Fact]
    public async Task An_event_raised_before_the_workflow_waits_is_kept_until_it_does()
    {
        await using var host = await WorkflowTestHost.StartAsync();
        var id = await host.Client.ScheduleNewWorkflowAsync(nameof(Approval), input: new ApprovalRequest(TimeoutMs: 30_000, DelayBeforeWaitMs: 300));

        await host.Client.RaiseEventAsync(id, "Approval", new Decision(true, "risk officer"));
        var state = await host.Client.WaitForWorkflowCompletionAsync(id).Bounded();

        Assert.Equal("approved by risk officer", state.ReadOutputAs<string>());
        var history = await host.Client.GetHistoryAsync(id);
        var raised = history.Single(s => s.Kind == WorkflowStepKind.EventRaised);
        var timerFired = history.Single(s => s.Kind == WorkflowStepKind.TimerFired);
        Assert.True(raised.Sequence < timerFired.Sequence, "the event arrived while the workflow was still on its first timer");
    }

    [Fact]
    public async Task A_wait_with_a_timeout_ends_in_TaskCanceledException_when_no_event_comes()
    {
        await using var host = await WorkflowTestHost.StartAsync();

        var id = await host.Client.ScheduleNewWorkflowAsync(nameof(Approval), input: new ApprovalRequest(TimeoutMs: 200));
        var state = await host.Client.WaitForWorkflowCompletionAsync(id).Bounded();

        Assert.Equal("timed out", state.ReadOutputAs<string>());
        Assert.Equal("expired", state.ReadCustomStatusAs<Progress>()!.Stage);
        var history = await host.Client.GetHistoryAsync(id);
        Assert.Contains(history, s => s is { Kind: WorkflowStepKind.TimerFired });
        Assert.DoesNotContain(history, s => s.Kind == WorkflowStepKind.EventReceived);
    }

    [Fact]
    public async Task A_workflow_can_send_an_event_to_another_instance()
    {
        await using var host = await WorkflowTestHost.StartAsync();
        var waiting = await host.Client.ScheduleNewWorkflowAsync(nameof(Approval), input: new ApprovalRequest(TimeoutMs: 30_000));

        var sender = await host.Client.ScheduleNewWorkflowAsync(nameof(Approver), input: waiting);

        Assert.Equal(WorkflowRuntimeStatus.Completed, (await host.Client.WaitForWorkflowCompletionAsync(sender).Bounded()).Status);
        Assert.Equal("approved by approver workflow", (await host.Client.WaitForWorkflowCompletionAsync(waiting).Bounded()).ReadOutputAs<string>());
        var sent = Assert.Single(await host.Client.GetHistoryAsync(sender), s => s.Kind == WorkflowStepKind.EventSent);
        Assert.Equal(waiting, sent.RelatedInstanceId);
    }

    [Fact]
    public async Task Events_to_a_finished_or_unknown_instance_are_refused_with_a_clear_error()
    {
        await using var host = await WorkflowTestHost.StartAsync();
        var id = await host.Client.ScheduleNewWorkflowAsync(nameof(Chain), input: "Ada");
        await host.Client.WaitForWorkflowCompletionAsync(id).Bounded();

        var finished = await Assert.ThrowsAsync<InvalidOperationException>(() => host.Client.RaiseEventAsync(id, "approval"));
        var unknown = await Assert.ThrowsAsync<WorkflowInstanceNotFoundException>(() => host.Client.RaiseEventAsync("no-such-id", "approval"));

        Assert.Equal($"Workflow instance '{id}' is Completed: events can be raised only to a pending, running or suspended instance.", finished.Message);
        Assert.Equal("Workflow instance 'no-such-id' does not exist.", unknown.Message);
    }
}
