using Dapr.Workflow;

namespace Keel.Workflows.Local;

/// <summary>
/// The state of one workflow instance, the local counterpart of Dapr's <c>WorkflowState</c>
/// (whose constructor is internal to the SDK).
/// </summary>
public sealed record WorkflowInstanceInfo
{
    public required string InstanceId { get; init; }

    public required string Name { get; init; }

    public required WorkflowRuntimeStatus Status { get; init; }

    public int Generation { get; init; }

    public string? InputJson { get; init; }

    public string? OutputJson { get; init; }

    public string? CustomStatusJson { get; init; }

    public WorkflowTaskFailureDetails? Failure { get; init; }

    public string? ParentInstanceId { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    public bool IsRunning => Status == WorkflowRuntimeStatus.Running;

    /// <summary>Completed, failed or terminated: nothing more will happen to this run.</summary>
    public bool IsCompleted => IsTerminal(Status);

    public T? ReadInputAs<T>() => WorkflowJson.Deserialize<T>(InputJson);

    public T? ReadOutputAs<T>() => WorkflowJson.Deserialize<T>(OutputJson);

    public T? ReadCustomStatusAs<T>() => WorkflowJson.Deserialize<T>(CustomStatusJson);

    internal static bool IsTerminal(WorkflowRuntimeStatus status) => status is
        WorkflowRuntimeStatus.Completed or WorkflowRuntimeStatus.Failed or
        WorkflowRuntimeStatus.Terminated or WorkflowRuntimeStatus.Canceled;
}
