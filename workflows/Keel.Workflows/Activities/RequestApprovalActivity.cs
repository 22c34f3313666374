using Dapr.Workflow;
using Keel.Governance;
using Keel.Lifecycle;

namespace Keel.Workflows;

/// <summary>Records that the version waits for approval and answers who may not approve it and for how long it waits.</summary>
/// <param name="governance">Where the request is recorded; hosts without governance pass none and nothing is recorded.</param>
public sealed class RequestApprovalActivity(Approvals approvals, IGovernanceRecorder? governance = null) : TracedActivity<ApprovalRequestInput, ApprovalRequest>
{
    private readonly IGovernanceRecorder _governance = governance ?? NoGovernanceRecorder.Instance;

    protected override async Task<ApprovalRequest> ExecuteAsync(WorkflowActivityContext context, ApprovalRequestInput input)
    {
        var request = await approvals.RequestAsync(input.Tenant, input.Model, input.Version, input.RequestedBy, input.Timeout, CancellationToken.None);
        await _governance.ApprovalRequestedAsync(input.Tenant, request, CancellationToken.None);
        return request;
    }
}
