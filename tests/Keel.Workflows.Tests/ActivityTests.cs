using Dapr.Workflow;
using Keel.Workflows.Local;
using Keel.Workflows.Tests.Support;
using Keel.Workflows.Tests.Toys;

namespace Keel.Workflows.Tests;

public sealed class ActivityTests
{
    [Fact]
    public async Task Chained_activities_pass_their_outputs_on_and_are_recorded_with_durations()
    {
        await using var host = await WorkflowTestHost.StartAsync();

        var id = await host.Client.ScheduleNewWorkflowAsync(nameof(Chain), input: "Ada");
        var state = await host.Client.WaitForWorkflowCompletionAsync(id).Bounded();

        Assert.Equal(WorkflowRuntimeStatus.Completed, state.Status);
        Assert.Equal("HELLO, ADA!", state.ReadOutputAs<string>());
        Assert.Equal("Ada", state.ReadInputAs<string>());
        var history = await host.Client.GetHistoryAsync(id);
        Assert.Equal(
            [WorkflowStepKind.WorkflowStarted, WorkflowStepKind.ActivityScheduled, WorkflowStepKind.ActivityCompleted,
                WorkflowStepKind.ActivityScheduled, WorkflowStepKind.ActivityCompleted, WorkflowStepKind.WorkflowCompleted],
            history.Select(s => s.Kind));
        var completed = history.Where(s => s.Kind == WorkflowStepKind.ActivityCompleted).ToList();
        Assert.Equal([nameof(Greet), nameof(Shout)], completed.Select(s => s.Name));
        Assert.All(completed, s => Assert.True(s.Duration >= TimeSpan.Zero));
        Assert.Equal("\"Hello, Ada\"", completed[0].Data);
        Assert.Equal(Enumerable.Range(1, history.Count).Select(i => (long)i), history.Select(s => s.Sequence));
    }

    [Fact]
    public async Task A_failing_activity_is_retried_by_its_policy_and_every_attempt_is_recorded()
    {
        await using var host = await WorkflowTestHost.StartAsync();

        var id = await host.Client.ScheduleNewWorkflowAsync(nameof(RetryFlaky), input: new FlakyInput(Failures: 2, MaxAttempts: 3));
        var state = await host.Client.WaitForWorkflowCompletionAsync(id).Bounded();

        Assert.Equal("succeeded on attempt 3", state.ReadOutputAs<string>());
        var history = await host.Client.GetHistoryAsync(id);
        Assert.Equal([1, 2, 3], history.Where(s => s.Kind == WorkflowStepKind.ActivityScheduled).Select(s => s.Attempt));
        var failures = history.Where(s => s.Kind == WorkflowStepKind.ActivityFailed).ToList();
        Assert.Equal([1, 2], failures.Select(s => s.Attempt));
        Assert.All(failures, f => Assert.Equal(typeof(TimeoutException).FullName, f.Failure!.ErrorType));
        Assert.Equal("attempt 1 timed out", failures[0].Failure!.ErrorMessage);

        // Between attempts a durable timer waits first 20 ms, then 20 ms × 2 capped at 30 ms.
        var retryTimers = history.Where(s => s.Kind == WorkflowStepKind.TimerCreated).ToList();
        Assert.All(retryTimers, t => Assert.Equal($"retry:{nameof(Flaky)}", t.Name));
        Assert.Equal([20.0, 30.0], retryTimers.Select(t => Math.Round((t.FireAt!.Value - t.Timestamp).TotalMilliseconds)));
        Assert.Equal(2, history.Count(s => s.Kind == WorkflowStepKind.TimerFired));
    }

    [Fact]
    public async Task Exhausted_retries_surface_as_WorkflowTaskFailedException_which_the_workflow_catches_to_compensate()
    {
        await using var host = await WorkflowTestHost.StartAsync();

        var id = await host.Client.ScheduleNewWorkflowAsync(nameof(CompensateOnFailure), input: "register the model");
        var state = await host.Client.WaitForWorkflowCompletionAsync(id).Bounded();

        Assert.Equal(WorkflowRuntimeStatus.Completed, state.Status);
        Assert.Equal("undid register the model after: cannot register the model", state.ReadOutputAs<string>());
        Assert.Equal(2, host.Log.Calls(nameof(AlwaysFails), id).Count);
        Assert.Single(host.Log.Calls(nameof(Compensate), id));
        var history = await host.Client.GetHistoryAsync(id);
        Assert.Equal([1, 2], history.Where(s => s is { Kind: WorkflowStepKind.ActivityFailed }).Select(s => s.Attempt));
        Assert.Contains(history, s => s is { Kind: WorkflowStepKind.ActivityCompleted, Name: nameof(Compensate) });
    }

    [Fact]
    public async Task An_uncaught_activity_failure_fails_the_instance_with_the_details()
    {
        await using var host = await WorkflowTestHost.StartAsync();

        var id = await host.Client.ScheduleNewWorkflowAsync(nameof(FailUncaught), input: "deploy");
        var state = await host.Client.WaitForWorkflowCompletionAsync(id).Bounded();

        Assert.Equal(WorkflowRuntimeStatus.Failed, state.Status);
        Assert.Null(state.OutputJson);
        Assert.Equal(typeof(WorkflowTaskFailedException).FullName, state.Failure!.ErrorType);
        Assert.Equal("Task failed: cannot deploy", state.Failure.ErrorMessage);
        Assert.NotNull(state.Failure.StackTrace);
        var history = await host.Client.GetHistoryAsync(id);
        var activityFailure = Assert.Single(history, s => s.Kind == WorkflowStepKind.ActivityFailed).Failure!;
        Assert.Equal(typeof(InvalidOperationException).FullName, activityFailure.ErrorType);
        Assert.Contains(nameof(AlwaysFails), activityFailure.StackTrace);
        Assert.Equal(WorkflowStepKind.WorkflowFailed, history[^1].Kind);
    }

    [Fact]
    public async Task An_unregistered_activity_fails_with_the_error_type_Dapr_reports()
    {
        await using var host = await WorkflowTestHost.StartAsync();

        var id = await host.Client.ScheduleNewWorkflowAsync(nameof(CallsUnknownActivity), input: "x");

        Assert.Equal("ActivityNotFoundException", (await host.Client.WaitForWorkflowCompletionAsync(id).Bounded()).ReadOutputAs<string>());
    }

    [Fact]
    public async Task Many_instances_run_at_once()
    {
        await using var host = await WorkflowTestHost.StartAsync();

        var names = Enumerable.Range(0, 40).Select(i => $"user{i}").ToList();
        var ids = await Task.WhenAll(names.Select(name => host.Client.ScheduleNewWorkflowAsync(nameof(Chain), input: name)));
        var states = await Task.WhenAll(ids.Select(id => host.Client.WaitForWorkflowCompletionAsync(id).Bounded()));

        Assert.Equal(names.Select(n => $"HELLO, {n.ToUpperInvariant()}!"), states.Select(s => s.ReadOutputAs<string>()));
        Assert.All(states, s => Assert.Equal(WorkflowRuntimeStatus.Completed, s.Status));
        var listed = await host.Client.ListInstancesAsync(new WorkflowInstanceQuery { Name = nameof(Chain), Limit = 1000 });
        Assert.Equal(40, listed.Count);
    }
}
