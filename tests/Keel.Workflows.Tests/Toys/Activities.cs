using System.Text.Json;
using Dapr.Workflow;
using Keel.Workflows.Tests.Support;

namespace Keel.Workflows.Tests.Toys;

public sealed class Greet(CallLog log) : WorkflowActivity<string, string>
{
    public override Task<string> RunAsync(WorkflowActivityContext context, string input)
    {
        log.Add(nameof(Greet), context.InstanceId, input);
        return Task.FromResult($"Hello, {input}");
    }
}

public sealed class Shout : WorkflowActivity<string, string>
{
    public override Task<string> RunAsync(WorkflowActivityContext context, string input) => Task.FromResult(input.ToUpperInvariant() + "!");
}

/// <summary>Fails its first <see cref="FlakyInput.Failures"/> attempts in an instance, then succeeds.</summary>
public sealed class Flaky(CallLog log) : WorkflowActivity<FlakyInput, string>
{
    public override Task<string> RunAsync(WorkflowActivityContext context, FlakyInput input)
    {
        var attempt = log.NextAttempt($"{context.InstanceId}/{nameof(Flaky)}");
        return attempt <= input.Failures
            ? throw new TimeoutException($"attempt {attempt} timed out")
            : Task.FromResult($"succeeded on attempt {attempt}");
    }
}

public sealed record FlakyInput(int Failures, int MaxAttempts);

public sealed class AlwaysFails(CallLog log) : WorkflowActivity<string, string>
{
    public override Task<string> RunAsync(WorkflowActivityContext context, string input)
    {
        log.Add(nameof(AlwaysFails), context.InstanceId, input);
        throw new InvalidOperationException($"cannot {input}");
    }
}

public sealed class Compensate(CallLog log) : WorkflowActivity<string, string>
{
    public override Task<string> RunAsync(WorkflowActivityContext context, string input)
    {
        log.Add(nameof(Compensate), context.InstanceId, input);
        return Task.FromResult($"undid {input}");
    }
}

/// <summary>Logs the snapshot it is given, to count executions and to see what the workflow passed.</summary>
public sealed class Remember(CallLog log) : WorkflowActivity<Snapshot, Snapshot>
{
    public override Task<Snapshot> RunAsync(WorkflowActivityContext context, Snapshot input)
    {
        log.Add(nameof(Remember), context.InstanceId, JsonSerializer.Serialize(input));
        return Task.FromResult(input);
    }
}

/// <summary>Waits until the test opens the gate: an activity still running when the runtime stops.</summary>
public sealed class Blocking(CallLog log) : WorkflowActivity<string, string>
{
    public override async Task<string> RunAsync(WorkflowActivityContext context, string input)
    {
        log.Add(nameof(Blocking), context.InstanceId, context.TaskExecutionKey);
        await log.Gate.Task;
        return $"{input} done";
    }
}
