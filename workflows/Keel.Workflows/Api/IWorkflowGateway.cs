namespace Keel.Workflows.Api;

/// <summary>
/// What Keel's HTTP API needs of a workflow engine: start an instance, read it, list instances, read
/// its history and raise an event to it. One implementation talks to the Dapr sidecar, the other to
/// the local runtime, so the routes of the workflows app and of <c>keel up</c> are the same code.
/// </summary>
public interface IWorkflowGateway
{
    /// <summary>Schedules an instance and returns its id.</summary>
    /// <exception cref="InvalidOperationException">An unfinished instance already has this id.</exception>
    Task<string> StartAsync(string workflow, string? instanceId, object input, CancellationToken cancellationToken);

    /// <summary>The instance, or null when there is none.</summary>
    Task<WorkflowView?> GetAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>Instances, newest first.</summary>
    Task<IReadOnlyList<WorkflowView>> ListAsync(int limit, CancellationToken cancellationToken);

    /// <summary>The instance's steps, oldest first, or null when there is no such instance.</summary>
    Task<IReadOnlyList<WorkflowHistoryEntry>?> HistoryAsync(string instanceId, CancellationToken cancellationToken);

    Task RaiseEventAsync(string instanceId, string eventName, object payload, CancellationToken cancellationToken);
}
