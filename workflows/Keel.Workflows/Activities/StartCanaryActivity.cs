using Dapr.Workflow;
using Keel.Lifecycle;

namespace Keel.Workflows;

/// <summary>Announces the approved version as a canary beside the version in Production, if there is one.</summary>
public sealed class StartCanaryActivity(CanaryRollout rollout) : TracedActivity<CanaryInput, CanaryStart>
{
    protected override Task<CanaryStart> ExecuteAsync(WorkflowActivityContext context, CanaryInput input) =>
        rollout.StartAsync(input.Tenant, input.Model, input.Version, input.Percent, input.Actor, input.WorkflowInstanceId, input.Reason, CancellationToken.None);
}
