using Dapr.Workflow;

namespace Keel.Workflows.Tests.Toys;

public sealed class Chain : Workflow<string, string>
{
    public override async Task<string> RunAsync(WorkflowContext context, string input)
    {
        var greeting = await context.CallActivityAsync<string>(nameof(Greet), input);
        return await context.CallActivityAsync<string>(nameof(Shout), greeting);
    }
}

public sealed class RetryFlaky : Workflow<FlakyInput, string>
{
    public override Task<string> RunAsync(WorkflowContext context, FlakyInput input) =>
        context.CallActivityAsync<string>(nameof(Flaky), input, new WorkflowTaskOptions(
            new WorkflowRetryPolicy(input.MaxAttempts, TimeSpan.FromMilliseconds(20), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromMilliseconds(30))));
}

/// <summary>Catches the failure that exhausted the retries and compensates, as a saga does.</summary>
public sealed class CompensateOnFailure : Workflow<string, string>
{
    public override async Task<string> RunAsync(WorkflowContext context, string input)
    {
        try
        {
            return await context.CallActivityAsync<string>(nameof(AlwaysFails), input,
                new WorkflowTaskOptions(new WorkflowRetryPolicy(2, TimeSpan.FromMilliseconds(20))));
        }
        catch (WorkflowTaskFailedException ex) when (ex.FailureDetails.IsCausedBy<InvalidOperationException>())
        {
            var undone = await context.CallActivityAsync<string>(nameof(Compensate), input);
            return $"{undone} after: {ex.FailureDetails.ErrorMessage}";
        }
    }
}

public sealed class FailUncaught : Workflow<string, string>
{
    public override Task<string> RunAsync(WorkflowContext context, string input) =>
        context.CallActivityAsync<string>(nameof(AlwaysFails), input);
}

public sealed class Sleep : Workflow<int, DateTime[]>
{
    public override async Task<DateTime[]> RunAsync(WorkflowContext context, int milliseconds)
    {
        var before = context.CurrentUtcDateTime;
        await context.CreateTimer(TimeSpan.FromMilliseconds(milliseconds));
        return [before, context.CurrentUtcDateTime];
    }
}

public sealed record ApprovalRequest(int TimeoutMs, int DelayBeforeWaitMs = 0);

public sealed record Decision(bool Approved, string By);

/// <summary>Waits for a decision with a timeout, showing its stage in the custom status.</summary>
public sealed class Approval : Workflow<ApprovalRequest, string>
{
    public override async Task<string> RunAsync(WorkflowContext context, ApprovalRequest input)
    {
        if (input.DelayBeforeWaitMs > 0)
        {
            await context.CreateTimer(TimeSpan.FromMilliseconds(input.DelayBeforeWaitMs));
        }

        context.SetCustomStatus(new { stage = "awaiting approval" });
        try
        {
            var decision = await context.WaitForExternalEventAsync<Decision>("approval", TimeSpan.FromMilliseconds(input.TimeoutMs));
            context.SetCustomStatus(new { stage = "decided" });
            return decision.Approved ? $"approved by {decision.By}" : $"rejected by {decision.By}";
        }
        catch (TaskCanceledException)
        {
            context.SetCustomStatus(new { stage = "expired" });
            return "timed out";
        }
    }
}

public sealed class Parent : Workflow<string, string>
{
    public override async Task<string> RunAsync(WorkflowContext context, string input) =>
        "child said " + await context.CallChildWorkflowAsync<string>(nameof(Chain), input);
}

/// <summary>Waits for an <see cref="Approval"/> child with the given instance id.</summary>
public sealed class AwaitApproval : Workflow<string, string>
{
    public override async Task<string> RunAsync(WorkflowContext context, string childId) =>
        "child: " + await context.CallChildWorkflowAsync<string>(nameof(Approval), new ApprovalRequest(TimeoutMs: 30_000),
            new ChildWorkflowTaskOptions(childId));
}

public sealed class ParentOfFailure : Workflow<string, string>
{
    public override async Task<string> RunAsync(WorkflowContext context, string input)
    {
        try
        {
            return await context.CallChildWorkflowAsync<string>(nameof(FailUncaught), input);
        }
        catch (WorkflowTaskFailedException ex)
        {
            return $"{ex.Message}: {ex.FailureDetails.ErrorType}: {ex.FailureDetails.ErrorMessage}";
        }
    }
}

public sealed record Snapshot(Guid Id, DateTime Time, bool ReplayingBeforeWait);

/// <summary>
/// Draws a GUID and reads the clock, has them recorded, waits for an event and returns them: after a
/// restart the replayed values must be the recorded ones.
/// </summary>
public sealed class Deterministic : Workflow<string, Snapshot[]>
{
    public override async Task<Snapshot[]> RunAsync(WorkflowContext context, string input)
    {
        var first = new Snapshot(context.NewGuid(), context.CurrentUtcDateTime, context.IsReplaying);
        await context.CallActivityAsync<Snapshot>(nameof(Remember), first);
        await context.WaitForExternalEventAsync<string>("go");
        var second = new Snapshot(context.NewGuid(), context.CurrentUtcDateTime, context.IsReplaying);
        return [first, second];
    }
}

/// <summary>Runs one activity that the test holds open across a restart.</summary>
public sealed class HoldOpen : Workflow<string, string>
{
    public override Task<string> RunAsync(WorkflowContext context, string input) =>
        context.CallActivityAsync<string>(nameof(Blocking), input);
}

/// <summary>Counts up through new runs of itself.</summary>
public sealed class CountUp : Workflow<int, int>
{
    public override async Task<int> RunAsync(WorkflowContext context, int input)
    {
        if (input >= 3)
        {
            return input;
        }

        await context.CreateTimer(TimeSpan.FromMilliseconds(10));
        context.ContinueAsNew(input + 1);
        return input;
    }
}

/// <summary>Sends a decision to another instance.</summary>
public sealed class Approver : Workflow<string, string>
{
    public override Task<string> RunAsync(WorkflowContext context, string target)
    {
        context.SendEvent(target, "APPROVAL", new Decision(true, "approver workflow"));
        return Task.FromResult("sent");
    }
}

/// <summary>Awaits Task.Delay, which no history can replay.</summary>
public sealed class AwaitsWallClock : Workflow<string, string>
{
    public override async Task<string> RunAsync(WorkflowContext context, string input)
    {
        await Task.Delay(10);
        return input;
    }
}

/// <summary>Calls an activity nobody registered.</summary>
public sealed class CallsUnknownActivity : Workflow<string, string>
{
    public override async Task<string> RunAsync(WorkflowContext context, string input)
    {
        try
        {
            return await context.CallActivityAsync<string>("NoSuchActivity", input);
        }
        catch (WorkflowTaskFailedException ex)
        {
            return ex.FailureDetails.ErrorType;
        }
    }
}
