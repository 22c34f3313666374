using Dapr.Workflow;
using Keel.Lifecycle;

namespace Keel.Workflows;

/// <summary>Takes an approver's decision under the separation of duties and records it, refused or not.</summary>
public sealed class ReviewApprovalActivity(Approvals approvals) : TracedActivity<ApprovalReviewInput, ApprovalReview>
{
    protected override Task<ApprovalReview> ExecuteAsync(WorkflowActivityContext context, ApprovalReviewInput input) =>
        approvals.ReviewAsync(input.Tenant, input.Model, input.Version, input.RequestedBy, input.Decision, CancellationToken.None);
}
