using Dapr.Workflow;

namespace Keel.Workflows.Local.Storage;

/// <summary>
/// Everything one turn of an instance changes, written in one transaction: the message it applied
/// leaves the inbox in the same commit as the steps and effects it caused, so a crash at any point
/// leaves either the turn or nothing.
/// </summary>
internal sealed class TurnCommit(string instanceId, int generation)
{
    public string InstanceId { get; } = instanceId;

    public int Generation { get; } = generation;

    public long? ConsumedMessageId { get; set; }

    public List<WorkflowStep> Steps { get; } = [];

    public WorkflowRuntimeStatus? Status { get; set; }

    public bool CustomStatusChanged { get; set; }

    public string? CustomStatus { get; set; }

    public string? Output { get; set; }

    public WorkflowTaskFailureDetails? Failure { get; set; }

    public List<DurableTimer> TimersCreated { get; } = [];

    public List<int> TimersCanceled { get; } = [];

    public List<ChildStart> ChildrenStarted { get; } = [];

    public List<SentEvent> EventsSent { get; } = [];

    /// <summary>Set when the workflow called ContinueAsNew: the next run's input and the unread events it keeps.</summary>
    public ContinueAsNewRequest? ContinueAsNew { get; set; }
}

internal sealed record ChildStart(int TaskId, string Name, string InstanceId, string? Input);

internal sealed record SentEvent(string InstanceId, string Name, string? Data);

internal sealed record ContinueAsNewRequest(string? Input, bool PreserveUnprocessedEvents, IReadOnlyList<(string Name, string? Data)> BufferedEvents);
