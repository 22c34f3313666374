using Dapr.Workflow;
using Keel.Lifecycle;

namespace Keel.Workflows;

/// <summary>Records that the version waits for approval and answers who may not approve it and for how long it waits.</summary>
public sealed class RequestApprovalActivity(Approvals approvals) : TracedActivity<ApprovalRequestInput, ApprovalRequest>
{
    protected override Task<ApprovalRequest> ExecuteAsync(WorkflowActivityContext context, ApprovalRequestInput input) =>
        approvals.RequestAsync(input.Tenant, input.Model, input.Version, input.RequestedBy, input.Timeout, CancellationToken.None);
}
