using Dapr.Workflow;

namespace Keel.Workflows.Local.Execution;

/// <summary>The side the driver sees: applying messages, collecting the steps a turn produced.</summary>
internal sealed partial class LocalWorkflowContext
{
    private readonly WorkflowSynchronizationContext _synchronizationContext;
    private readonly Dictionary<int, OpenTask> _open = [];
    private readonly Dictionary<string, Queue<TaskCompletionSource<string?>>> _waiters = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<(string Name, string? Data)> _buffered = [];
    private readonly Dictionary<int, WorkflowStep> _recorded = [];
    private readonly HashSet<string> _patches = new(StringComparer.Ordinal);
    private readonly List<WorkflowStep> _emitted = [];
    private DateTime _now;
    private bool _replaying;
    private string? _customStatus;
    private bool _customStatusChanged;
    private (string? Input, bool PreserveUnprocessedEvents)? _continueAsNew;

    /// <summary>
    /// Set when replay met a step other than the recorded one. Kept outside the exception, because
    /// workflow code may catch what a call throws; the run is failed either way.
    /// </summary>
    public NonDeterministicWorkflowException? Violation { get; private set; }

    public (string? Input, bool PreserveUnprocessedEvents)? ContinueAsNewRequest => _continueAsNew;

    /// <summary>Events raised but not yet waited for: kept across ContinueAsNew when asked.</summary>
    public IReadOnlyList<(string Name, string? Data)> BufferedEvents => _buffered;

    /// <summary>Starts a turn at <paramref name="time"/>, the time the workflow code sees as now.</summary>
    public void BeginTurn(DateTime time, bool replaying)
    {
        _now = DateTime.SpecifyKind(time, DateTimeKind.Utc);
        _replaying = replaying;
    }

    /// <summary>Applies a task's result; false when no open task of that kind waits for it (a canceled timer, a result from before).</summary>
    public bool Complete(WorkflowStep result)
    {
        var expected = result.Kind switch
        {
            WorkflowStepKind.ActivityCompleted or WorkflowStepKind.ActivityFailed => WorkflowStepKind.ActivityScheduled,
            WorkflowStepKind.TimerFired => WorkflowStepKind.TimerCreated,
            WorkflowStepKind.ChildWorkflowCompleted or WorkflowStepKind.ChildWorkflowFailed => WorkflowStepKind.ChildWorkflowScheduled,
            _ => throw new ArgumentException($"{result.Kind} is not a task result.", nameof(result)),
        };
        if (result.TaskId is not { } taskId || !_open.TryGetValue(taskId, out var open) || open.Kind != expected)
        {
            return false;
        }

        _open.Remove(taskId);
        open.Source.SetResult(new TaskOutcome(result.Data, result.Failure));
        return true;
    }

    /// <summary>Hands an event to the oldest waiter for its name, or keeps it until one comes (names ignore case, as on Dapr).</summary>
    public void Raise(string name, string? data)
    {
        if (_waiters.TryGetValue(name, out var queue))
        {
            while (queue.TryDequeue(out var waiter))
            {
                if (!waiter.Task.IsCompleted)
                {
                    if (queue.Count == 0)
                    {
                        _waiters.Remove(name);
                    }

                    Note(new WorkflowStep { Kind = WorkflowStepKind.EventReceived, Name = name });
                    waiter.SetResult(data);
                    return;
                }
            }

            _waiters.Remove(name);
        }

        _buffered.Add((name, data));
    }

    /// <summary>The steps this turn produced, in order, without sequence numbers yet.</summary>
    public IReadOnlyList<WorkflowStep> TakeEmitted()
    {
        var steps = _emitted.ToList();
        _emitted.Clear();
        return steps;
    }

    public bool TakeCustomStatusChange(out string? customStatus)
    {
        customStatus = _customStatus;
        var changed = _customStatusChanged;
        _customStatusChanged = false;
        return changed;
    }

    /// <summary>Replay is over: from here on, steps are new and are recorded.</summary>
    public void EndReplay()
    {
        _replaying = false;
        _emitted.Clear();
    }

    private static bool IsScheduling(WorkflowStepKind kind) => kind is WorkflowStepKind.ActivityScheduled
        or WorkflowStepKind.TimerCreated or WorkflowStepKind.ChildWorkflowScheduled or WorkflowStepKind.EventSent;

    /// <summary>Numbers a step that asks the outside world for something; on replay, checks it against the recording.</summary>
    private int Schedule(Func<int, WorkflowStep> build)
    {
        var taskId = _nextTaskId++;
        var step = build(taskId) with { Timestamp = new DateTimeOffset(_now), Generation = _generation };
        if (!_replaying)
        {
            _emitted.Add(step);
            return taskId;
        }

        if (!_recorded.TryGetValue(taskId, out var recorded) || recorded.Kind != step.Kind || !string.Equals(recorded.Name, step.Name, StringComparison.Ordinal))
        {
            Violation ??= new NonDeterministicWorkflowException(
                $"Replaying workflow '{Name}' ({InstanceId}): step {taskId} is {Describe(step)} now but was recorded as " +
                $"{(recorded is null ? "nothing" : Describe(recorded))}. Workflow code must make the same calls in the same order " +
                "for the same input and results; the run cannot continue.");
            throw Violation;
        }

        return taskId;
    }

    /// <summary>Records a step that only informs (event received, status set, timer canceled); nothing on replay, where it is recorded already.</summary>
    private void Note(WorkflowStep step)
    {
        if (!_replaying)
        {
            _emitted.Add(step with { Timestamp = new DateTimeOffset(_now), Generation = _generation });
        }
    }

    private Task<TaskOutcome> Open(int taskId, WorkflowStepKind kind)
    {
        var source = new TaskCompletionSource<TaskOutcome>();
        _open.Add(taskId, new OpenTask(kind, source));
        return source.Task;
    }

    /// <summary>
    /// Cancellation callbacks run on the thread that cancels. Workflow code cancels during its turn,
    /// on the instance's thread; anything else is routed through the synchronization context, which
    /// flags it as a continuation from outside the turn.
    /// </summary>
    private void OnWorkflowThread(Action action)
    {
        if (SynchronizationContext.Current == _synchronizationContext)
        {
            action();
        }
        else
        {
            _synchronizationContext.Post(_ => action(), null);
        }
    }

    private static string Describe(WorkflowStep step) => $"{step.Kind} '{step.Name}'";

    private sealed record OpenTask(WorkflowStepKind Kind, TaskCompletionSource<TaskOutcome> Source);

    private sealed record TaskOutcome(string? Data, WorkflowTaskFailureDetails? Failure);
}
