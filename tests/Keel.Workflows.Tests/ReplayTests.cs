using Dapr.Workflow;
using Keel.Workflows.Local;
using Keel.Workflows.Tests.Support;
using Keel.Workflows.Tests.Toys;
using Microsoft.Extensions.Logging;

namespace Keel.Workflows.Tests;

/// <summary>What replay after a restart must preserve: waits with timeouts, children, logging once, patches.</summary>
public sealed class ReplayTests
{
    [Fact]
    public async Task An_approval_timeout_armed_before_a_restart_expires_after_it()
    {
        await using var host = await WorkflowTestHost.StartAsync();
        var id = await host.Client.ScheduleNewWorkflowAsync(nameof(Approval), input: new ApprovalRequest(TimeoutMs: 500));
        await Wait.UntilAsync(async () => (await host.Client.GetWorkflowStateAsync(id))!.CustomStatusJson is not null, "the workflow waits");

        await host.RestartAsync();
        var state = await host.Client.WaitForWorkflowCompletionAsync(id).Bounded();

        Assert.Equal("timed out", state.ReadOutputAs<string>());
    }

    [Fact]
    public async Task A_parent_waiting_for_a_child_across_a_restart_gets_its_result()
    {
        await using var host = await WorkflowTestHost.StartAsync();
        var parent = await host.Client.ScheduleNewWorkflowAsync(nameof(AwaitApproval), input: "child-of-restart");
        await Wait.UntilAsync(async () => (await host.Client.GetWorkflowStateAsync("child-of-restart"))?.CustomStatusJson is not null,
            "the child waits");

        await host.RestartAsync();
        await host.Client.RaiseEventAsync("child-of-restart", "approval", new Decision(true, "risk officer"));

        Assert.Equal("child: approved by risk officer", (await host.Client.WaitForWorkflowCompletionAsync(parent).Bounded()).ReadOutputAs<string>());
    }

    [Fact]
    public async Task A_replay_safe_logger_writes_each_line_once_although_the_code_runs_again()
    {
        await using var host = await WorkflowTestHost.StartAsync(options => options.RegisterWorkflow<Chatty>());
        var id = await host.Client.ScheduleNewWorkflowAsync(nameof(Chatty), input: "x");
        await Wait.UntilAsync(() => Task.FromResult(host.Logs.Messages.Contains("before the wait")), "the first line is logged");

        await host.RestartAsync();
        await host.Client.RaiseEventAsync(id, "go");
        await host.Client.WaitForWorkflowCompletionAsync(id).Bounded();

        Assert.Single(host.Logs.Messages, m => m == "before the wait");
        Assert.Single(host.Logs.Messages, m => m == "after the wait");
    }

    [Fact]
    public async Task A_patch_is_off_for_a_run_begun_on_older_code_and_on_for_runs_that_recorded_it()
    {
        PatchAware.NewCode = false;
        await using var host = await WorkflowTestHost.StartAsync(options => options
            .RegisterWorkflow<PatchAware>().RegisterActivity<Greet>().RegisterActivity<Shout>());
        var old = await host.Client.ScheduleNewWorkflowAsync(nameof(PatchAware), input: "old");
        await Wait.UntilAsync(async () => (await host.Client.GetHistoryAsync(old)).Any(s => s.Kind == WorkflowStepKind.ActivityCompleted),
            "the old run passed the patched call");

        PatchAware.NewCode = true;
        await host.RestartAsync();
        var patched = await host.Client.ScheduleNewWorkflowAsync(nameof(PatchAware), input: "new");
        await Wait.UntilAsync(async () => (await host.Client.GetHistoryAsync(patched)).Any(s => s.Kind == WorkflowStepKind.ActivityCompleted),
            "the new run passed the patched call");
        await host.RestartAsync();
        await host.Client.RaiseEventAsync(old, "go");
        await host.Client.RaiseEventAsync(patched, "go");

        Assert.Equal("Hello, old", (await host.Client.WaitForWorkflowCompletionAsync(old).Bounded()).ReadOutputAs<string>());
        Assert.Equal("NEW!", (await host.Client.WaitForWorkflowCompletionAsync(patched).Bounded()).ReadOutputAs<string>());
        Assert.Contains(await host.Client.GetHistoryAsync(patched), s => s is { Kind: WorkflowStepKind.PatchApplied, Name: "shout" });
    }

    private sealed class Chatty : Workflow<string, string>
    {
        public override async Task<string> RunAsync(WorkflowContext context, string input)
        {
            var logger = context.CreateReplaySafeLogger<Chatty>();
            logger.LogInformation("before the wait");
            await context.WaitForExternalEventAsync<string>("go");
            logger.LogInformation("after the wait");
            return input;
        }
    }

    /// <summary>New code shouts instead of greeting, behind the patch "shout"; the static stands for the deployed code version.</summary>
    private sealed class PatchAware : Workflow<string, string>
    {
        public static volatile bool NewCode;

        public override async Task<string> RunAsync(WorkflowContext context, string input)
        {
            var result = NewCode && context.IsPatched("shout")
                ? await context.CallActivityAsync<string>(nameof(Shout), input)
                : await context.CallActivityAsync<string>(nameof(Greet), input);
            await context.WaitForExternalEventAsync<string>("go");
            return result;
        }
    }
}
