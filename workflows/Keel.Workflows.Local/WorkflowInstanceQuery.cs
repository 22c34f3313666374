using Dapr.Workflow;

namespace Keel.Workflows.Local;

/// <summary>Which instances <see cref="LocalWorkflowClient.ListInstancesAsync"/> returns, newest first.</summary>
public sealed record WorkflowInstanceQuery
{
    public const int MaxLimit = 1000;

    /// <summary>Only instances of this workflow.</summary>
    public string? Name { get; init; }

    /// <summary>Only instances in one of these states; all states when empty.</summary>
    public IReadOnlyCollection<WorkflowRuntimeStatus> Statuses { get; init; } = [];

    public DateTimeOffset? CreatedFrom { get; init; }

    public DateTimeOffset? CreatedTo { get; init; }

    /// <summary>At most this many (1 to <see cref="MaxLimit"/>).</summary>
    public int Limit { get; init; } = 100;
}
