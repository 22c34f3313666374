using Dapr.Workflow;
using Keel.Governance;
using Keel.Lifecycle;

namespace Keel.Workflows;

/// <summary>Gives all traffic back to the stable version, archives the canary and records the rollback.</summary>
/// <param name="governance">Where the rollback is audited; hosts without governance pass none and nothing is audited.</param>
public sealed class RollBackCanaryActivity(CanaryRollout rollout, IGovernanceRecorder? governance = null) : TracedActivity<CanaryRollbackInput, CanaryRollback>
{
    private readonly IGovernanceRecorder _governance = governance ?? NoGovernanceRecorder.Instance;

    protected override async Task<CanaryRollback> ExecuteAsync(WorkflowActivityContext context, CanaryRollbackInput input)
    {
        var rollback = await rollout.RollBackAsync(input.Tenant, input.Model, input.Version, input.StableVersion, input.Actor, input.Reasons, input.WorkflowInstanceId, CancellationToken.None);
        await _governance.CanaryRolledBackAsync(input.Tenant, rollback, input.Actor, input.Reasons, input.WorkflowInstanceId, CancellationToken.None);
        return rollback;
    }
}
