using Dapr.Workflow;
using Keel.Lifecycle;

namespace Keel.Workflows;

/// <summary>Gives all traffic back to the stable version and archives the canary.</summary>
public sealed class RollBackCanaryActivity(CanaryRollout rollout) : TracedActivity<CanaryRollbackInput, CanaryRollback>
{
    protected override Task<CanaryRollback> ExecuteAsync(WorkflowActivityContext context, CanaryRollbackInput input) =>
        rollout.RollBackAsync(input.Tenant, input.Model, input.Version, input.StableVersion, input.Actor, input.Reasons, input.WorkflowInstanceId, CancellationToken.None);
}
