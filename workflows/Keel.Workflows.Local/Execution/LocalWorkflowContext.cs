using System.Security.Cryptography;
using System.Text;
using Dapr.Workflow;
using Microsoft.Extensions.Logging;

namespace Keel.Workflows.Local.Execution;

/// <summary>
/// The local runtime's <see cref="WorkflowContext"/>: what the workflow code calls. Every call that
/// needs the outside world becomes a numbered step; live, the step is emitted for the turn to record
/// and carry out, and on replay it is checked against the step recorded under the same number and its
/// recorded result is returned instead.
/// </summary>
internal sealed partial class LocalWorkflowContext : WorkflowContext
{
    private readonly ILoggerFactory _loggerFactory;
    private readonly Guid _guidNamespace;
    private readonly int _generation;
    private int _nextTaskId;
    private int _guidCounter;

    public LocalWorkflowContext(string name, string instanceId, int generation, IReadOnlyList<WorkflowStep> history,
        WorkflowSynchronizationContext synchronizationContext, ILoggerFactory loggerFactory)
    {
        Name = name;
        InstanceId = instanceId;
        _generation = generation;
        _synchronizationContext = synchronizationContext;
        _loggerFactory = loggerFactory;
        _guidNamespace = NameBasedGuid(Guid.Empty, $"keel-workflow:{instanceId}:{generation}");
        foreach (var step in history)
        {
            if (step.TaskId is { } taskId && IsScheduling(step.Kind))
            {
                _recorded[taskId] = step;
            }
            else if (step.Kind == WorkflowStepKind.PatchApplied && step.Name is not null)
            {
                _patches.Add(step.Name);
            }
        }
    }

    public override string Name { get; }

    public override string InstanceId { get; }

    public override DateTime CurrentUtcDateTime => _now;

    public override bool IsReplaying => _replaying;

    /// <summary>
    /// Patch semantics of Dapr's version tracker: a patch recorded in this run's history is on; one
    /// met during replay but never recorded is off (the run began on older code); one met live is
    /// recorded and on.
    /// </summary>
    public override bool IsPatched(string patchName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(patchName);
        if (_patches.Contains(patchName))
        {
            return true;
        }

        if (_replaying)
        {
            return false;
        }

        _patches.Add(patchName);
        Note(new WorkflowStep { Kind = WorkflowStepKind.PatchApplied, Name = patchName });
        return true;
    }

    public override async Task<T> CallActivityAsync<T>(string name, object? input = null, WorkflowTaskOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        RejectPropagation(options);
        var inputJson = WorkflowJson.Serialize(input);
        return options?.RetryPolicy is { } policy
            ? await WithRetriesAsync(policy, name, attempt => CallActivityOnceAsync<T>(name, inputJson, attempt))
            : await CallActivityOnceAsync<T>(name, inputJson, attempt: 1);
    }

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken) =>
        CreateTimerCore(ToUtc(fireAt), purpose: null, cancellationToken);

    public override Task<T> WaitForExternalEventAsync<T>(string eventName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        var buffered = _buffered.FindIndex(e => string.Equals(e.Name, eventName, StringComparison.OrdinalIgnoreCase));
        if (buffered >= 0)
        {
            var data = _buffered[buffered].Data;
            _buffered.RemoveAt(buffered);
            Note(new WorkflowStep { Kind = WorkflowStepKind.EventReceived, Name = eventName });
            return Task.FromResult(WorkflowJson.Deserialize<T>(data)!);
        }

        var waiter = new TaskCompletionSource<string?>();
        if (!_waiters.TryGetValue(eventName, out var queue))
        {
            _waiters[eventName] = queue = new Queue<TaskCompletionSource<string?>>();
        }

        queue.Enqueue(waiter);
        if (cancellationToken.CanBeCanceled)
        {
            cancellationToken.Register(() => OnWorkflowThread(() => waiter.TrySetCanceled(cancellationToken)));
        }

        return ReadEventAsync<T>(waiter.Task);
    }

    /// <summary>
    /// Dapr's timeout semantics: a durable timer races the event; when the timer wins the wait ends in
    /// <see cref="TaskCanceledException"/>. A zero timeout fails at once without a timer, and a
    /// negative one (<see cref="Timeout.InfiniteTimeSpan"/>) waits for ever.
    /// </summary>
    public override async Task<T> WaitForExternalEventAsync<T>(string eventName, TimeSpan timeout)
    {
        if (timeout == TimeSpan.Zero)
        {
            throw new TaskCanceledException($"WaitForExternalEvent '{eventName}' timed out immediately (zero timeout).");
        }

        if (timeout < TimeSpan.Zero)
        {
            return await WaitForExternalEventAsync<T>(eventName);
        }

        using var timerCancellation = new CancellationTokenSource();
        var timeoutTask = CreateTimerCore(_now.Add(timeout), $"timeout:{eventName}", timerCancellation.Token);
        using var eventCancellation = new CancellationTokenSource();
        var eventTask = WaitForExternalEventAsync<T>(eventName, eventCancellation.Token);
        var winner = await Task.WhenAny(timeoutTask, eventTask);

        // Cancel, not CancelAsync: the callbacks must run now, on this instance's turn, not later on the thread pool.
        (winner == eventTask ? timerCancellation : eventCancellation).Cancel();

        return await eventTask;
    }

    public override void SendEvent(string instanceId, string eventName, object payload)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        Schedule(taskId => new WorkflowStep
        {
            Kind = WorkflowStepKind.EventSent,
            Name = eventName,
            TaskId = taskId,
            RelatedInstanceId = instanceId,
            Data = WorkflowJson.Serialize(payload),
        });
    }

    public override void SetCustomStatus(object? customStatus)
    {
        var json = WorkflowJson.Serialize(customStatus);
        if (json == _customStatus)
        {
            return;
        }

        _customStatus = json;
        if (!_replaying)
        {
            _customStatusChanged = true;
        }

        Note(new WorkflowStep { Kind = WorkflowStepKind.CustomStatusSet, Data = json });
    }

    public override async Task<TResult> CallChildWorkflowAsync<TResult>(string workflowName, object? input = null,
        ChildWorkflowTaskOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workflowName);
        RejectPropagation(options);
        var inputJson = WorkflowJson.Serialize(input);
        return options?.RetryPolicy is { } policy
            ? await WithRetriesAsync(policy, workflowName, attempt => CallChildOnceAsync<TResult>(workflowName, inputJson, options.InstanceId, attempt))
            : await CallChildOnceAsync<TResult>(workflowName, inputJson, options?.InstanceId, attempt: 1);
    }

    public override ILogger CreateReplaySafeLogger(string categoryName) =>
        new ReplaySafeLogger(_loggerFactory.CreateLogger(categoryName), () => _replaying);

    public override ILogger CreateReplaySafeLogger(Type type) =>
        new ReplaySafeLogger(_loggerFactory.CreateLogger(type), () => _replaying);

    public override ILogger CreateReplaySafeLogger<T>() =>
        new ReplaySafeLogger(_loggerFactory.CreateLogger<T>(), () => _replaying);

    /// <summary>Ends this run when the current turn ends and starts a new one with <paramref name="newInput"/>.</summary>
    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true) =>
        _continueAsNew = (WorkflowJson.Serialize(newInput), preserveUnprocessedEvents);

    /// <summary>Deterministic: derived from the instance id, the run and a counter, so replay returns the same values.</summary>
    public override Guid NewGuid() => NameBasedGuid(_guidNamespace, (_guidCounter++).ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>No ancestor history reaches a local run: calls that ask to propagate it are refused (see <see cref="RejectPropagation"/>).</summary>
    public override PropagatedHistory? GetPropagatedHistory() => null;

    private async Task<T> CallActivityOnceAsync<T>(string name, string? inputJson, int attempt)
    {
        var taskId = Schedule(id => new WorkflowStep
        {
            Kind = WorkflowStepKind.ActivityScheduled, Name = name, TaskId = id, Attempt = attempt, Data = inputJson,
        });
        var outcome = await Open(taskId, WorkflowStepKind.ActivityScheduled);
        if (outcome.Failure is { } failure)
        {
            throw new WorkflowTaskFailedException($"Task failed: {failure.ErrorMessage}", failure);
        }

        return WorkflowJson.Deserialize<T>(outcome.Data)!;
    }

    private async Task<T> CallChildOnceAsync<T>(string name, string? inputJson, string? instanceId, int attempt)
    {
        // The child's id is drawn before its number, like the SDK, so it is the same on replay.
        var childId = instanceId ?? NewGuid().ToString();
        var taskId = Schedule(id => new WorkflowStep
        {
            Kind = WorkflowStepKind.ChildWorkflowScheduled, Name = name, TaskId = id, Attempt = attempt, Data = inputJson,
            RelatedInstanceId = childId,
        });
        var outcome = await Open(taskId, WorkflowStepKind.ChildWorkflowScheduled);
        if (outcome.Failure is { } failure)
        {
            throw new WorkflowTaskFailedException($"Child workflow '{name}' failed", failure);
        }

        return WorkflowJson.Deserialize<T>(outcome.Data)!;
    }

    private Task CreateTimerCore(DateTime fireAt, string? purpose, CancellationToken cancellationToken)
    {
        var taskId = Schedule(id => new WorkflowStep
        {
            Kind = WorkflowStepKind.TimerCreated, Name = purpose, TaskId = id, FireAt = new DateTimeOffset(fireAt),
        });
        var fired = Open(taskId, WorkflowStepKind.TimerCreated);
        if (cancellationToken.CanBeCanceled)
        {
            cancellationToken.Register(() => OnWorkflowThread(() => CancelTimer(taskId, purpose, cancellationToken)));
        }

        return fired;
    }

    private void CancelTimer(int taskId, string? purpose, CancellationToken cancellationToken)
    {
        if (_open.Remove(taskId, out var open))
        {
            Note(new WorkflowStep { Kind = WorkflowStepKind.TimerCanceled, Name = purpose, TaskId = taskId });
            open.Source.TrySetCanceled(cancellationToken);
        }
    }

    /// <summary>
    /// Dapr's retry interceptor: each attempt is a task of its own, separated by a durable timer of
    /// <c>firstRetryInterval × backoffCoefficient^(attempt-1)</c> capped at the maximum interval; no new
    /// attempt starts once the retry timeout has passed since the first. The last failure is rethrown.
    /// </summary>
    private async Task<T> WithRetriesAsync<T>(WorkflowRetryPolicy policy, string name, Func<int, Task<T>> attempt)
    {
        var firstAttempt = _now;
        for (var number = 1; ; number++)
        {
            try
            {
                return await attempt(number);
            }
            catch (WorkflowTaskFailedException) when (number < policy.MaxNumberOfAttempts && RetryDelay(policy, number, firstAttempt) > TimeSpan.Zero)
            {
                await CreateTimerCore(_now.Add(RetryDelay(policy, number, firstAttempt)), $"retry:{name}", CancellationToken.None);
            }
        }
    }

    private TimeSpan RetryDelay(WorkflowRetryPolicy policy, int failedAttempt, DateTime firstAttempt)
    {
        var timeout = policy.RetryTimeout;
        if (timeout != Timeout.InfiniteTimeSpan && timeout != TimeSpan.MaxValue && _now >= firstAttempt.Add(timeout))
        {
            return TimeSpan.Zero;
        }

        var delay = TimeSpan.FromMilliseconds(policy.FirstRetryInterval.TotalMilliseconds * Math.Pow(policy.BackoffCoefficient, failedAttempt - 1));
        return policy.MaxRetryInterval is { } max && delay > max ? max : delay;
    }

    private static async Task<T> ReadEventAsync<T>(Task<string?> payload) => WorkflowJson.Deserialize<T>(await payload)!;

    /// <summary>
    /// History propagation is a feature of the Dapr sidecar; a local run has no ancestor history to
    /// pass on, and pretending otherwise would hand the callee an empty history it did not ask for.
    /// </summary>
    private static void RejectPropagation(WorkflowTaskOptions? options)
    {
        if (options is not null && options.PropagationScope != HistoryPropagationScope.None)
        {
            throw new NotSupportedException(
                "History propagation (WorkflowTaskOptions.PropagationScope) needs the Dapr sidecar; the local workflow runtime does not propagate history.");
        }
    }

    private static DateTime ToUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };

    /// <summary>A name-based GUID (RFC 9562 version 8, from SHA-256): stable for the same namespace and name.</summary>
    private static Guid NameBasedGuid(Guid space, string name)
    {
        var bytes = SHA256.HashData([.. space.ToByteArray(bigEndian: true), .. Encoding.UTF8.GetBytes(name)]);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes.AsSpan(0, 16), bigEndian: true);
    }
}
