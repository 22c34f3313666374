using Dapr.Workflow;
using Dapr.Workflow.Abstractions;

namespace Keel.Workflows.Local.Execution;

/// <summary>
/// What an activity knows about its call. <see cref="TaskExecutionKey"/> is the same for every
/// execution of one scheduled task, including a re-run after a restart, so it serves as an
/// idempotency key; each retry attempt is a task of its own and has its own key.
/// </summary>
internal sealed class LocalActivityContext(string name, string instanceId, string taskExecutionKey, int scheduledEventId)
    : WorkflowActivityContext
{
    public override TaskIdentifier Identifier { get; } = new(name);

    public override string InstanceId { get; } = instanceId;

    public override string TaskExecutionKey { get; } = taskExecutionKey;

    public override int ScheduledEventId { get; } = scheduledEventId;
}
