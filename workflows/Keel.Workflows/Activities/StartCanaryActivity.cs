using Dapr.Workflow;
using Keel.Governance;
using Keel.Lifecycle;

namespace Keel.Workflows;

/// <summary>Announces the approved version as a canary beside the version in Production, if there is one.</summary>
/// <param name="governance">Where the start is audited; hosts without governance pass none and nothing is audited.</param>
public sealed class StartCanaryActivity(CanaryRollout rollout, IGovernanceRecorder? governance = null) : TracedActivity<CanaryInput, CanaryStart>
{
    private readonly IGovernanceRecorder _governance = governance ?? NoGovernanceRecorder.Instance;

    protected override async Task<CanaryStart> ExecuteAsync(WorkflowActivityContext context, CanaryInput input)
    {
        var start = await rollout.StartAsync(input.Tenant, input.Model, input.Version, input.Percent, input.Actor, input.WorkflowInstanceId, input.Reason, CancellationToken.None);
        await _governance.CanaryStartedAsync(input.Tenant, start, input.Actor, input.WorkflowInstanceId, CancellationToken.None);
        return start;
    }
}
