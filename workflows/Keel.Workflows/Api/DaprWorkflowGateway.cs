using Dapr.Workflow;
using Keel.Lifecycle;
using Microsoft.Extensions.Options;

namespace Keel.Workflows.Api;

/// <summary>The workflow API on the Dapr sidecar's workflow engine (production).</summary>
public sealed class DaprWorkflowGateway(DaprWorkflowClient client, IOptions<LifecycleOptions> lifecycle) : IWorkflowGateway
{
    public Task<string> StartAsync(string workflow, string? instanceId, object input, CancellationToken cancellationToken) =>
        client.ScheduleNewWorkflowAsync(workflow, instanceId, input, null, cancellationToken);

    public async Task<WorkflowView?> GetAsync(string instanceId, CancellationToken cancellationToken)
    {
        var state = await client.GetWorkflowStateAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
        return state is { Exists: true } ? View(instanceId, state) : null;
    }

    public async Task<IReadOnlyList<WorkflowView>> ListAsync(int limit, CancellationToken cancellationToken)
    {
        var page = await client.ListInstanceIdsAsync(null, limit, cancellationToken);
        var views = new List<WorkflowView>();
        foreach (var id in page.InstanceIds)
        {
            if (await GetAsync(id, cancellationToken) is { } view)
            {
                views.Add(view);
            }
        }
        return views.OrderByDescending(view => view.CreatedAt).ToList();
    }

    public async Task<IReadOnlyList<WorkflowHistoryEntry>?> HistoryAsync(string instanceId, CancellationToken cancellationToken)
    {
        if (await GetAsync(instanceId, cancellationToken) is null)
        {
            return null;
        }
        var events = await client.GetInstanceHistoryAsync(instanceId, cancellationToken);
        return events.Select(e => new WorkflowHistoryEntry(e.EventId, e.EventType.ToString(), new DateTimeOffset(DateTime.SpecifyKind(e.Timestamp, DateTimeKind.Utc)))).ToList();
    }

    public Task RaiseEventAsync(string instanceId, string eventName, object payload, CancellationToken cancellationToken) =>
        client.RaiseEventAsync(instanceId, eventName, payload, cancellationToken);

    private WorkflowView View(string instanceId, WorkflowState state) => new(
        instanceId,
        state.WorkflowName,
        state.RuntimeStatus.ToString(),
        WorkflowView.TenantOf(state.ReadInputAs<System.Text.Json.JsonElement?>()?.GetRawText(), lifecycle.Value.DefaultTenant),
        state.CreatedAt,
        state.LastUpdatedAt,
        state.ReadCustomStatusAs<WorkflowProgress>(),
        state.IsWorkflowCompleted ? state.ReadOutputAs<TrainingOutcome>() : null,
        state.FailureDetails?.ErrorMessage);
}
