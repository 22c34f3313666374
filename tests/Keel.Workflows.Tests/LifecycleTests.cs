using Dapr.Workflow;
using Keel.Workflows.Local;
using Keel.Workflows.Tests.Support;
using Keel.Storage;
using Keel.Workflows.Tests.Toys;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Keel.Workflows.Tests;

public sealed class LifecycleTests
{
    [Fact]
    public async Task Terminating_a_waiting_instance_ends_it_with_the_given_output()
    {
        await using var host = await WorkflowTestHost.StartAsync();
        var id = await host.Client.ScheduleNewWorkflowAsync(nameof(Approval), input: new ApprovalRequest(TimeoutMs: 30_000));
        await Wait.UntilAsync(async () => (await host.Client.GetWorkflowStateAsync(id))!.CustomStatusJson is not null, "the workflow waits");

        await host.Client.TerminateWorkflowAsync(id, "withdrawn");
        var state = await host.Client.WaitForWorkflowCompletionAsync(id).Bounded();

        Assert.Equal(WorkflowRuntimeStatus.Terminated, state.Status);
        Assert.Equal("withdrawn", state.ReadOutputAs<string>());
        Assert.Equal(WorkflowStepKind.WorkflowTerminated, (await host.Client.GetHistoryAsync(id))[^1].Kind);
        await host.Client.TerminateWorkflowAsync(id, "again");
        Assert.Equal("withdrawn", (await host.Client.GetWorkflowStateAsync(id))!.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Terminating_a_parent_terminates_the_child_it_waits_for()
    {
        await using var host = await WorkflowTestHost.StartAsync();
        var parent = await host.Client.ScheduleNewWorkflowAsync(nameof(AwaitApproval), input: "child-to-terminate");
        await Wait.UntilAsync(async () => (await host.Client.GetWorkflowStateAsync("child-to-terminate"))?.CustomStatusJson is not null,
            "the child waits");

        await host.Client.TerminateWorkflowAsync(parent);

        Assert.Equal(WorkflowRuntimeStatus.Terminated, (await host.Client.WaitForWorkflowCompletionAsync(parent).Bounded()).Status);
        Assert.Equal(WorkflowRuntimeStatus.Terminated, (await host.Client.WaitForWorkflowCompletionAsync("child-to-terminate").Bounded()).Status);
    }

    [Fact]
    public async Task A_suspended_instance_keeps_its_events_until_it_is_resumed()
    {
        await using var host = await WorkflowTestHost.StartAsync();
        var id = await host.Client.ScheduleNewWorkflowAsync(nameof(Approval), input: new ApprovalRequest(TimeoutMs: 30_000));
        await Wait.UntilAsync(async () => (await host.Client.GetWorkflowStateAsync(id))!.CustomStatusJson is not null, "the workflow waits");

        await host.Client.SuspendWorkflowAsync(id, "audit");
        await Wait.UntilAsync(async () => (await host.Client.GetWorkflowStateAsync(id))!.Status == WorkflowRuntimeStatus.Suspended, "it is suspended");
        await host.Client.RaiseEventAsync(id, "approval", new Decision(true, "risk officer"));
        await Task.Delay(200);
        Assert.Equal(WorkflowRuntimeStatus.Suspended, (await host.Client.GetWorkflowStateAsync(id))!.Status);

        await host.Client.ResumeWorkflowAsync(id);
        var state = await host.Client.WaitForWorkflowCompletionAsync(id).Bounded();

        Assert.Equal("approved by risk officer", state.ReadOutputAs<string>());
        var kinds = (await host.Client.GetHistoryAsync(id)).Select(s => s.Kind).ToList();
        Assert.True(kinds.IndexOf(WorkflowStepKind.WorkflowResumed) < kinds.IndexOf(WorkflowStepKind.EventRaised));
    }

    [Fact]
    public async Task ContinueAsNew_starts_a_new_run_and_the_history_keeps_every_run()
    {
        await using var host = await WorkflowTestHost.StartAsync();

        var id = await host.Client.ScheduleNewWorkflowAsync(nameof(CountUp), input: 0);
        var state = await host.Client.WaitForWorkflowCompletionAsync(id).Bounded();

        Assert.Equal(3, state.ReadOutputAs<int>());
        Assert.Equal(4, state.Generation);
        Assert.Equal("3", state.InputJson);
        var history = await host.Client.GetHistoryAsync(id);
        Assert.Equal([1, 2, 3, 4], history.Where(s => s.Kind == WorkflowStepKind.WorkflowStarted).Select(s => s.Generation));
        Assert.Equal(["1", "2", "3"], history.Where(s => s.Kind == WorkflowStepKind.ContinuedAsNew).Select(s => s.Data));
    }

    [Fact]
    public async Task Awaiting_a_task_the_context_did_not_create_fails_the_instance_with_the_reason()
    {
        await using var host = await WorkflowTestHost.StartAsync();

        var id = await host.Client.ScheduleNewWorkflowAsync(nameof(AwaitsWallClock), input: "x");
        var state = await host.Client.WaitForWorkflowCompletionAsync(id).Bounded();

        Assert.Equal(WorkflowRuntimeStatus.Failed, state.Status);
        Assert.StartsWith("The workflow awaited a task that its WorkflowContext did not create", state.Failure!.ErrorMessage);
    }

    [Fact]
    public async Task Registrations_written_for_AddDaprWorkflow_run_unchanged()
    {
        await using var host = await WorkflowTestHost.StartAsync(options => options.UseDaprRegistrations(dapr =>
        {
            dapr.RegisterWorkflow<Chain>();
            dapr.RegisterActivity<Greet>();
            dapr.RegisterActivity<Shout>();
            dapr.RegisterWorkflow<string, string>("Inline", async (context, input) => await context.CallActivityAsync<string>(nameof(Shout), input));
        }));

        var chain = await host.Client.ScheduleNewWorkflowAsync(nameof(Chain), input: "Ada");
        var inline = await host.Client.ScheduleNewWorkflowAsync("Inline", input: "hey");

        Assert.Equal("HELLO, ADA!", (await host.Client.WaitForWorkflowCompletionAsync(chain).Bounded()).ReadOutputAs<string>());
        Assert.Equal("HEY!", (await host.Client.WaitForWorkflowCompletionAsync(inline).Bounded()).ReadOutputAs<string>());
        Assert.Equal(["Chain", "Inline"], host.Runtime.RegisteredWorkflows.Order());
    }

    [Fact]
    public async Task Scheduling_is_refused_for_an_unregistered_workflow_and_for_a_running_instance_id()
    {
        await using var host = await WorkflowTestHost.StartAsync();
        await host.Client.ScheduleNewWorkflowAsync(nameof(Approval), "approval-1", new ApprovalRequest(TimeoutMs: 30_000));

        var unregistered = await Assert.ThrowsAsync<ArgumentException>(() => host.Client.ScheduleNewWorkflowAsync("Nope"));
        var duplicate = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            host.Client.ScheduleNewWorkflowAsync(nameof(Chain), "approval-1", "Ada"));

        Assert.StartsWith("Workflow 'Nope' is not registered", unregistered.Message);
        Assert.StartsWith("Workflow instance 'approval-1' already exists", duplicate.Message);
    }

    [Fact]
    public async Task A_finished_instance_id_can_be_reused_and_its_earlier_run_stays_in_the_history()
    {
        await using var host = await WorkflowTestHost.StartAsync();
        await host.Client.ScheduleNewWorkflowAsync(nameof(Chain), "greeting", "Ada");
        await host.Client.WaitForWorkflowCompletionAsync("greeting").Bounded();

        await host.Client.ScheduleNewWorkflowAsync(nameof(Chain), "greeting", "Grace");
        var state = await host.Client.WaitForWorkflowCompletionAsync("greeting").Bounded();

        Assert.Equal("HELLO, GRACE!", state.ReadOutputAs<string>());
        Assert.Equal(2, state.Generation);
        Assert.Equal([1, 2], (await host.Client.GetHistoryAsync("greeting"))
            .Where(s => s.Kind == WorkflowStepKind.WorkflowCompleted).Select(s => s.Generation));
        Assert.True(await host.Client.PurgeInstanceAsync("greeting"));
        Assert.Null(await host.Client.GetWorkflowStateAsync("greeting"));
    }

    [Fact]
    public async Task A_second_runtime_on_the_same_file_refuses_to_start()
    {
        await using var host = await WorkflowTestHost.StartAsync();
        await using var services = new ServiceCollection().BuildServiceProvider();
        await using var second = new LocalWorkflowRuntime(Options.Create(new LocalWorkflowRuntimeOptions { DatabasePath = host.DatabasePath }),
            Options.Create(new StorageOptions()), services);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => second.StartAsync());

        Assert.StartsWith("Another local workflow runtime is running on", refused.Message);
        var id = await host.Client.ScheduleNewWorkflowAsync(nameof(Chain), input: "Ada");
        Assert.Equal(WorkflowRuntimeStatus.Completed, (await host.Client.WaitForWorkflowCompletionAsync(id).Bounded()).Status);
    }
}
