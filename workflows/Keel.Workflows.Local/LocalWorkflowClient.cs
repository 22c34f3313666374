namespace Keel.Workflows.Local;

/// <summary>
/// Starts, queries and steers workflow instances of the local runtime: the counterpart of the parts of
/// Dapr's <c>DaprWorkflowClient</c> Keel uses, plus the listing and step history that
/// <c>keel workflows list|show</c> read. Reads work whether or not the runtime is started; an instance
/// scheduled before the start runs once it starts.
/// </summary>
public sealed class LocalWorkflowClient(LocalWorkflowRuntime runtime)
{
    // Completion is signalled in-process; the periodic look is a safety net, not the mechanism.
    private static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(1);

    /// <summary>Schedules a new instance and returns its id (a new GUID unless given).</summary>
    /// <exception cref="ArgumentException">The workflow is not registered.</exception>
    /// <exception cref="InvalidOperationException">An unfinished instance already has this id.</exception>
    public Task<string> ScheduleNewWorkflowAsync(string name, string? instanceId = null, object? input = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (instanceId is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        }

        cancellation.ThrowIfCancellationRequested();
        if (!runtime.Registry.HasWorkflow(name))
        {
            throw new ArgumentException(
                $"Workflow '{name}' is not registered with the local workflow runtime; registered: {string.Join(", ", runtime.RegisteredWorkflows.Order())}.",
                nameof(name));
        }

        instanceId ??= Guid.NewGuid().ToString();
        runtime.Store.CreateInstance(name, instanceId, WorkflowJson.Serialize(input));
        runtime.Wake(instanceId);
        return Task.FromResult(instanceId);
    }

    /// <summary>The instance's state, or null when it does not exist.</summary>
    public Task<WorkflowInstanceInfo?> GetWorkflowStateAsync(string instanceId, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        cancellation.ThrowIfCancellationRequested();
        return Task.FromResult(runtime.Store.GetInstance(instanceId));
    }

    /// <summary>Waits until the instance has completed, failed or been terminated.</summary>
    public async Task<WorkflowInstanceInfo> WaitForWorkflowCompletionAsync(string instanceId, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        while (true)
        {
            // Take the signal before reading, so a finish between the two is not missed.
            var finished = runtime.FinishSignal(instanceId);
            var state = runtime.Store.GetInstance(instanceId) ?? throw new WorkflowInstanceNotFoundException(instanceId);
            if (state.IsCompleted)
            {
                return state;
            }

            try
            {
                await finished.WaitAsync(RecheckInterval, cancellation);
            }
            catch (TimeoutException)
            {
                // Look again.
            }
        }
    }

    /// <summary>
    /// Raises an event to an instance; it is kept until the workflow waits for it. Event names ignore case.
    /// </summary>
    /// <exception cref="WorkflowInstanceNotFoundException">No such instance.</exception>
    /// <exception cref="InvalidOperationException">The instance has finished.</exception>
    public Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        cancellation.ThrowIfCancellationRequested();
        runtime.Store.EnqueueEvent(instanceId, eventName, WorkflowJson.Serialize(eventPayload));
        runtime.Wake(instanceId);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Terminates an instance (and the child instances it still waits for); <paramref name="output"/>
    /// becomes its output. Terminating a finished instance does nothing, as on Dapr.
    /// </summary>
    public Task TerminateWorkflowAsync(string instanceId, object? output = null, CancellationToken cancellation = default) =>
        Control(instanceId, WorkflowStepKind.WorkflowTerminated, output, cancellation);

    /// <summary>Suspends an instance: messages for it are kept but not applied until it is resumed.</summary>
    public Task SuspendWorkflowAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        Control(instanceId, WorkflowStepKind.WorkflowSuspended, reason, cancellation);

    public Task ResumeWorkflowAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        Control(instanceId, WorkflowStepKind.WorkflowResumed, reason, cancellation);

    /// <summary>Deletes a finished instance and its history; false when there is no such instance.</summary>
    public Task<bool> PurgeInstanceAsync(string instanceId, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        cancellation.ThrowIfCancellationRequested();
        return Task.FromResult(runtime.Store.Purge(instanceId));
    }

    /// <summary>Instances, newest first (100 unless the query says otherwise).</summary>
    public Task<IReadOnlyList<WorkflowInstanceInfo>> ListInstancesAsync(WorkflowInstanceQuery? query = null, CancellationToken cancellation = default)
    {
        cancellation.ThrowIfCancellationRequested();
        return Task.FromResult(runtime.Store.ListInstances(query ?? new WorkflowInstanceQuery()));
    }

    /// <summary>The instance's step history across all its runs, oldest first.</summary>
    /// <exception cref="WorkflowInstanceNotFoundException">No such instance.</exception>
    public Task<IReadOnlyList<WorkflowStep>> GetHistoryAsync(string instanceId, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        cancellation.ThrowIfCancellationRequested();
        _ = runtime.Store.GetInstance(instanceId) ?? throw new WorkflowInstanceNotFoundException(instanceId);
        return Task.FromResult(runtime.Store.GetHistory(instanceId));
    }

    private Task Control(string instanceId, WorkflowStepKind kind, object? data, CancellationToken cancellation)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        cancellation.ThrowIfCancellationRequested();
        if (runtime.Store.EnqueueControl(instanceId, kind, WorkflowJson.Serialize(data)))
        {
            runtime.Wake(instanceId);
        }

        return Task.CompletedTask;
    }
}
