namespace Keel.Workflows.Local;

/// <summary>No instance with this id exists in the local workflow store.</summary>
public sealed class WorkflowInstanceNotFoundException(string instanceId)
    : KeyNotFoundException($"Workflow instance '{instanceId}' does not exist.")
{
    public string InstanceId { get; } = instanceId;
}
