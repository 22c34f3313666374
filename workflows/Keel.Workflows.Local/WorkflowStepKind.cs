namespace Keel.Workflows.Local;

/// <summary>What one entry of an instance's step history records.</summary>
public enum WorkflowStepKind
{
    WorkflowStarted,
    ActivityScheduled,
    ActivityCompleted,
    ActivityFailed,
    TimerCreated,
    TimerFired,
    TimerCanceled,
    EventRaised,
    EventReceived,
    EventSent,
    ChildWorkflowScheduled,
    ChildWorkflowCompleted,
    ChildWorkflowFailed,
    CustomStatusSet,
    PatchApplied,
    WorkflowCompleted,
    WorkflowFailed,
    WorkflowTerminated,
    WorkflowSuspended,
    WorkflowResumed,
    ContinuedAsNew,
}
