using System.Text.Json;
using Dapr.Workflow;
using Keel.Workflows.Local;
using Keel.Workflows.Tests.Support;
using Keel.Workflows.Tests.Toys;

namespace Keel.Workflows.Tests;

/// <summary>The runtime stops and a new one opens the same SQLite file: instances are resumed by replaying their history.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task List_and_show_read_the_same_after_the_runtime_reopens_the_file()
    {
        await using var host = await WorkflowTestHost.StartAsync();
        var completed = await host.Client.ScheduleNewWorkflowAsync(nameof(Chain), input: "Ada");
        var failed = await host.Client.ScheduleNewWorkflowAsync(nameof(FailUncaught), input: "deploy");
        await host.Client.WaitForWorkflowCompletionAsync(completed).Bounded();
        await host.Client.WaitForWorkflowCompletionAsync(failed).Bounded();
        var listBefore = Describe(await host.Client.ListInstancesAsync());
        var historyBefore = Describe(await host.Client.GetHistoryAsync(failed));

        await host.RestartAsync();

        Assert.Equal(listBefore, Describe(await host.Client.ListInstancesAsync()));
        Assert.Equal(historyBefore, Describe(await host.Client.GetHistoryAsync(failed)));
        Assert.Equal(2, listBefore.Count);
        Assert.Contains($"{failed} {nameof(FailUncaught)} Failed  {typeof(WorkflowTaskFailedException).FullName}", listBefore);
        var failedOnly = await host.Client.ListInstancesAsync(new WorkflowInstanceQuery { Statuses = [WorkflowRuntimeStatus.Failed] });
        Assert.Equal(failed, Assert.Single(failedOnly).InstanceId);
    }

    [Fact]
    public async Task An_instance_waiting_for_an_event_resumes_after_a_restart_with_the_same_guids_and_times()
    {
        await using var host = await WorkflowTestHost.StartAsync();
        var id = await host.Client.ScheduleNewWorkflowAsync(nameof(Deterministic), input: "x");
        await Wait.UntilAsync(async () => (await host.Client.GetHistoryAsync(id)).Any(s => s.Kind == WorkflowStepKind.ActivityCompleted),
            "the first snapshot is recorded");

        await host.RestartAsync();
        await host.Client.RaiseEventAsync(id, "go", "now");
        var state = await host.Client.WaitForWorkflowCompletionAsync(id).Bounded();

        Assert.Equal(WorkflowRuntimeStatus.Completed, state.Status);
        var snapshots = state.ReadOutputAs<Snapshot[]>()!;
        var recorded = JsonSerializer.Deserialize<Snapshot>(Assert.Single(host.Log.Calls(nameof(Remember), id)).Input!)!;
        Assert.Equal((recorded.Id, recorded.Time), (snapshots[0].Id, snapshots[0].Time));
        Assert.False(recorded.ReplayingBeforeWait);
        Assert.True(snapshots[0].ReplayingBeforeWait, "after the restart the code before the wait ran again, as a replay");
        Assert.False(snapshots[1].ReplayingBeforeWait);
        Assert.NotEqual(snapshots[0].Id, snapshots[1].Id);
        Assert.True(snapshots[1].Time > snapshots[0].Time);
        Assert.Single(await host.Client.GetHistoryAsync(id), s => s.Kind == WorkflowStepKind.WorkflowStarted);
    }

    [Fact]
    public async Task A_timer_armed_before_a_restart_fires_after_it()
    {
        await using var host = await WorkflowTestHost.StartAsync();
        var id = await host.Client.ScheduleNewWorkflowAsync(nameof(Sleep), input: 600);
        await Wait.UntilAsync(async () => (await host.Client.GetHistoryAsync(id)).Any(s => s.Kind == WorkflowStepKind.TimerCreated),
            "the timer is created");

        await host.RestartAsync();
        var state = await host.Client.WaitForWorkflowCompletionAsync(id).Bounded();

        var times = state.ReadOutputAs<DateTime[]>()!;
        Assert.True(times[1] - times[0] >= TimeSpan.FromMilliseconds(600));
    }

    [Fact]
    public async Task A_timer_that_fell_due_while_the_runtime_was_down_fires_at_the_next_start()
    {
        await using var host = await WorkflowTestHost.StartAsync();
        var id = await host.Client.ScheduleNewWorkflowAsync(nameof(Sleep), input: 200);
        await Wait.UntilAsync(async () => (await host.Client.GetHistoryAsync(id)).Any(s => s.Kind == WorkflowStepKind.TimerCreated),
            "the timer is created");

        await host.RestartAsync(downtime: TimeSpan.FromMilliseconds(400));

        Assert.Equal(WorkflowRuntimeStatus.Completed, (await host.Client.WaitForWorkflowCompletionAsync(id).Bounded()).Status);
    }

    [Fact]
    public async Task An_activity_running_when_the_process_stopped_runs_again_after_the_restart()
    {
        await using var host = await WorkflowTestHost.StartAsync();
        var id = await host.Client.ScheduleNewWorkflowAsync(nameof(HoldOpen), input: "train");
        await Wait.UntilAsync(() => Task.FromResult(host.Log.Calls(nameof(Blocking), id).Count == 1), "the activity runs");

        await host.RestartAsync(graceful: false);
        await Wait.UntilAsync(() => Task.FromResult(host.Log.Calls(nameof(Blocking), id).Count == 2), "the activity runs again");
        host.Log.Gate.SetResult();
        var state = await host.Client.WaitForWorkflowCompletionAsync(id).Bounded();

        Assert.Equal("train done", state.ReadOutputAs<string>());
        var keys = host.Log.Calls(nameof(Blocking), id).Select(c => c.Input).Distinct();
        Assert.Equal($"{id}:1:0", Assert.Single(keys));
        Assert.Single(await host.Client.GetHistoryAsync(id), s => s.Kind == WorkflowStepKind.ActivityCompleted);
    }

    [Fact]
    public async Task Replaying_code_that_now_makes_different_calls_fails_the_instance_with_the_reason()
    {
        Versioned.ActivityName = nameof(Greet);
        await using var host = await WorkflowTestHost.StartAsync(options => options
            .RegisterWorkflow<Versioned>().RegisterActivity<Greet>().RegisterActivity<Shout>());
        var id = await host.Client.ScheduleNewWorkflowAsync(nameof(Versioned), input: "Ada");
        await Wait.UntilAsync(async () => (await host.Client.GetHistoryAsync(id)).Any(s => s.Kind == WorkflowStepKind.ActivityCompleted),
            "the first activity completes");

        Versioned.ActivityName = nameof(Shout);
        await host.RestartAsync();
        var state = await host.Client.WaitForWorkflowCompletionAsync(id).Bounded();

        Assert.Equal(WorkflowRuntimeStatus.Failed, state.Status);
        Assert.Equal(typeof(NonDeterministicWorkflowException).FullName, state.Failure!.ErrorType);
        Assert.Contains("step 0 is ActivityScheduled 'Shout' now but was recorded as ActivityScheduled 'Greet'", state.Failure.ErrorMessage);
    }

    private static List<string> Describe(IEnumerable<WorkflowInstanceInfo> instances) =>
        [.. instances.Select(i => $"{i.InstanceId} {i.Name} {i.Status} {i.OutputJson} {i.Failure?.ErrorType}")];

    private static List<string> Describe(IEnumerable<WorkflowStep> history) =>
        [.. history.Select(s => $"{s.Sequence} {s.Kind} {s.Name} {s.TaskId} {s.Data} {s.Timestamp:O} {s.Failure?.ErrorMessage}")];

    /// <summary>Its first call depends on a static that the test changes between runs: code that changed under a running instance.</summary>
    private sealed class Versioned : Workflow<string, string>
    {
        public static volatile string ActivityName = nameof(Greet);

        public override async Task<string> RunAsync(WorkflowContext context, string input)
        {
            var greeting = await context.CallActivityAsync<string>(ActivityName, input);
            return await context.WaitForExternalEventAsync<string>("go") + greeting;
        }
    }
}
