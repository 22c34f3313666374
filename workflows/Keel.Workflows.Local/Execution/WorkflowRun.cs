namespace Keel.Workflows.Local.Execution;

/// <summary>One run (generation) of an instance in memory: its context, its thread discipline and the workflow's task.</summary>
internal sealed class WorkflowRun(int generation, LocalWorkflowContext context, WorkflowSynchronizationContext synchronizationContext)
{
    public int Generation { get; } = generation;

    public LocalWorkflowContext Context { get; } = context;

    public WorkflowSynchronizationContext SynchronizationContext { get; } = synchronizationContext;

    /// <summary>The workflow's <c>RunAsync</c>; null until the start is applied.</summary>
    public Task<object?>? Task { get; set; }
}
