using Keel.Lifecycle;
using Keel.Workflows.Local;
using Microsoft.Extensions.Options;

namespace Keel.Workflows.Api;

/// <summary>The workflow API on the local runtime of the embedded default: instances and history come from its SQLite store.</summary>
public sealed class LocalWorkflowGateway(LocalWorkflowClient client, IOptions<LifecycleOptions> lifecycle) : IWorkflowGateway
{
    public Task<string> StartAsync(string workflow, string? instanceId, object input, CancellationToken cancellationToken) =>
        client.ScheduleNewWorkflowAsync(workflow, instanceId, input, cancellationToken);

    public async Task<WorkflowView?> GetAsync(string instanceId, CancellationToken cancellationToken) =>
        await client.GetWorkflowStateAsync(instanceId, cancellationToken) is { } state ? View(state) : null;

    public async Task<IReadOnlyList<WorkflowView>> ListAsync(int limit, CancellationToken cancellationToken)
    {
        var instances = await client.ListInstancesAsync(new WorkflowInstanceQuery { Limit = Math.Clamp(limit, 1, WorkflowInstanceQuery.MaxLimit) }, cancellationToken);
        return instances.Select(View).ToList();
    }

    public async Task<IReadOnlyList<WorkflowHistoryEntry>?> HistoryAsync(string instanceId, CancellationToken cancellationToken)
    {
        try
        {
            var steps = await client.GetHistoryAsync(instanceId, cancellationToken);
            return steps.Select(step => new WorkflowHistoryEntry(
                step.Sequence, step.Kind.ToString(), step.Timestamp, step.Name, step.Attempt,
                step.Duration?.TotalMilliseconds, step.Failure?.ErrorMessage, step.RelatedInstanceId)).ToList();
        }
        catch (WorkflowInstanceNotFoundException)
        {
            return null;
        }
    }

    public Task RaiseEventAsync(string instanceId, string eventName, object payload, CancellationToken cancellationToken) =>
        client.RaiseEventAsync(instanceId, eventName, payload, cancellationToken);

    private WorkflowView View(WorkflowInstanceInfo state) => new(
        state.InstanceId,
        state.Name,
        state.Status.ToString(),
        WorkflowView.TenantOf(state.InputJson, lifecycle.Value.DefaultTenant),
        state.CreatedAt,
        state.UpdatedAt,
        state.ReadCustomStatusAs<WorkflowProgress>(),
        state.IsCompleted ? state.ReadOutputAs<TrainingOutcome>() : null,
        state.Failure?.ErrorMessage);
}
