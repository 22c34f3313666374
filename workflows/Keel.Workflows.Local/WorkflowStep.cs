using Dapr.Workflow;

namespace Keel.Workflows.Local;

/// <summary>
/// One entry of an instance's step history, in the order it happened. Which fields are set depends on
/// <see cref="Kind"/>: activities carry <see cref="Name"/>, <see cref="TaskId"/> and
/// <see cref="Attempt"/>, their results a <see cref="Duration"/>; timers a <see cref="FireAt"/> and,
/// for retry and event-timeout timers, a <see cref="Name"/> saying what they wait for; events their
/// name and payload; child workflows the child's <see cref="RelatedInstanceId"/>.
/// </summary>
public sealed record WorkflowStep
{
    public long Sequence { get; init; }

    /// <summary>Which run of the instance this step belongs to: it grows with ContinueAsNew and when a finished instance id is reused.</summary>
    public int Generation { get; init; }

    public required WorkflowStepKind Kind { get; init; }

    public DateTimeOffset Timestamp { get; init; }

    public string? Name { get; init; }

    /// <summary>The task's sequence number within its run: it ties a result to what was scheduled.</summary>
    public int? TaskId { get; init; }

    /// <summary>1 for a first attempt, 2 for the first retry, …</summary>
    public int? Attempt { get; init; }

    /// <summary>JSON input, output, event payload or custom status.</summary>
    public string? Data { get; init; }

    public string? RelatedInstanceId { get; init; }

    public DateTimeOffset? FireAt { get; init; }

    public WorkflowTaskFailureDetails? Failure { get; init; }

    public TimeSpan? Duration { get; init; }

    /// <summary>
    /// Steps that the workflow code reacts to. Replay feeds exactly these back, in order; every other
    /// kind is an outcome of running the code and is only checked against or shown.
    /// </summary>
    internal bool IsIncoming => Kind is WorkflowStepKind.WorkflowStarted
        or WorkflowStepKind.ActivityCompleted or WorkflowStepKind.ActivityFailed
        or WorkflowStepKind.TimerFired or WorkflowStepKind.EventRaised
        or WorkflowStepKind.ChildWorkflowCompleted or WorkflowStepKind.ChildWorkflowFailed;
}
