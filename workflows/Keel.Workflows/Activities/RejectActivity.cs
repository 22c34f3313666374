using Dapr.Workflow;
using Keel.Governance;
using Keel.Lifecycle;

namespace Keel.Workflows;

/// <summary>Archives a version that was rejected or that nobody approved in time.</summary>
/// <param name="governance">Where a missed deadline is audited; hosts without governance pass none and nothing is audited.</param>
public sealed class RejectActivity(Rejection rejection, Approvals approvals, IGovernanceRecorder? governance = null) : TracedActivity<RejectInput, VersionStage>
{
    private readonly IGovernanceRecorder _governance = governance ?? NoGovernanceRecorder.Instance;

    protected override async Task<VersionStage> ExecuteAsync(WorkflowActivityContext context, RejectInput input)
    {
        if (input.TimedOut)
        {
            await approvals.RecordTimeoutAsync(input.Tenant, input.Model, input.Version, CancellationToken.None);
            await _governance.ApprovalTimedOutAsync(input.Tenant, input.Model, input.Version, input.Actor, CancellationToken.None);
        }
        return await rejection.ArchiveAsync(input.Tenant, input.Model, input.Version, input.Actor, input.Reason, CancellationToken.None);
    }
}
