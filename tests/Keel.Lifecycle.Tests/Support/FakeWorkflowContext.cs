using Dapr.Workflow;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Keel.Lifecycle.Tests.Support;

/// <summary>
/// A <see cref="WorkflowContext"/> that runs a workflow's decisions without a runtime: activities answer
/// from canned handlers (or fail as Dapr reports a failed activity), external events come from a
/// script of (arrives after, payload), and the clock moves only when the workflow waits. Every call is
/// recorded, so a test can say which steps ran, with what, and what the custom status said.
/// </summary>
public sealed class FakeWorkflowContext(string instanceId = "wf-1") : WorkflowContext
{
    private readonly Dictionary<string, Func<object?, object?>> _activities = new(StringComparer.Ordinal);
    private readonly Queue<(TimeSpan After, object? Payload)> _events = new();
    private DateTime _now = new(2026, 3, 1, 9, 0, 0, DateTimeKind.Utc);
    private int _guids;

    public override string Name => "under test";

    public override string InstanceId { get; } = instanceId;

    public override DateTime CurrentUtcDateTime => _now;

    public override bool IsReplaying => false;

    public List<(string Name, object? Input)> Calls { get; } = [];

    public List<object?> Statuses { get; } = [];

    /// <summary>The timeout of every wait for an event, in order.</summary>
    public List<TimeSpan> Waits { get; } = [];

    public Func<string, object?, object?>? ChildWorkflow { get; set; }

    public List<(string Name, object? Input, string? InstanceId)> Children { get; } = [];

    public FakeWorkflowContext On<TInput, TOutput>(string activity, Func<TInput, TOutput> answer)
    {
        _activities[activity] = input => answer((TInput)input!);
        return this;
    }

    /// <summary>The activity fails every attempt, as after its retries are spent.</summary>
    public FakeWorkflowContext Failing(string activity, string message)
    {
        _activities[activity] = _ => throw new WorkflowTaskFailedException($"Task '{activity}' failed",
            new WorkflowTaskFailureDetails(typeof(InvalidOperationException).FullName!, message, null));
        return this;
    }

    /// <summary>An event that arrives <paramref name="after"/> the workflow starts waiting for it.</summary>
    public FakeWorkflowContext Event(TimeSpan after, object? payload)
    {
        _events.Enqueue((after, payload));
        return this;
    }

    public IEnumerable<string> Activities => Calls.Select(c => c.Name);

    public T Input<T>(string activity) => (T)Calls.Last(c => c.Name == activity).Input!;

    public override Task<T> CallActivityAsync<T>(string name, object? input = null, WorkflowTaskOptions? options = null)
    {
        Calls.Add((name, input));
        if (!_activities.TryGetValue(name, out var answer))
        {
            throw new InvalidOperationException($"The test gave no answer for activity {name}.");
        }
        // Dapr surfaces a failed activity as an exception of the awaited task.
        try
        {
            return Task.FromResult((T)answer(input)!);
        }
        catch (WorkflowTaskFailedException failure)
        {
            return Task.FromException<T>(failure);
        }
    }

    public override Task<T> WaitForExternalEventAsync<T>(string eventName, TimeSpan timeout)
    {
        Waits.Add(timeout);
        if (_events.TryPeek(out var next) && next.After < timeout)
        {
            _events.Dequeue();
            _now += next.After;
            return Task.FromResult((T)next.Payload!);
        }
        _now += timeout;
        return Task.FromException<T>(new TaskCanceledException($"'{eventName}' timed out"));
    }

    public override Task<T> WaitForExternalEventAsync<T>(string eventName, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The life cycle's workflows always wait with a deadline.");

    public override void SetCustomStatus(object? customStatus) => Statuses.Add(customStatus);

    public override Task<TResult> CallChildWorkflowAsync<TResult>(string workflowName, object? input = null, ChildWorkflowTaskOptions? options = null)
    {
        Children.Add((workflowName, input, options?.InstanceId));
        return Task.FromResult((TResult)(ChildWorkflow ?? throw new InvalidOperationException("The test gave no child workflow."))(workflowName, input)!);
    }

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken)
    {
        _now = fireAt > _now ? fireAt : _now;
        return Task.CompletedTask;
    }

    public override bool IsPatched(string patchName) => true;

    public override void SendEvent(string instanceId, string eventName, object payload) =>
        throw new NotSupportedException("The life cycle's workflows send no events.");

    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true) =>
        throw new NotSupportedException("The life cycle's workflows do not continue as new.");

    public override Guid NewGuid() => new(_guids++, 0, 0, new byte[8]);

    public override PropagatedHistory? GetPropagatedHistory() => null;

    public override ILogger CreateReplaySafeLogger(string categoryName) => NullLogger.Instance;

    public override ILogger CreateReplaySafeLogger(Type type) => NullLogger.Instance;

    public override ILogger CreateReplaySafeLogger<T>() => NullLogger<T>.Instance;
}
