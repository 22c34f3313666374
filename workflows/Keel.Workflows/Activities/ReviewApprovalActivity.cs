using Dapr.Workflow;
using Keel.Governance;
using Keel.Lifecycle;

namespace Keel.Workflows;

/// <summary>Takes an approver's decision under the separation of duties and records it, refused or not.</summary>
/// <param name="governance">Where the decision is audited; hosts without governance pass none and nothing is audited.</param>
public sealed class ReviewApprovalActivity(Approvals approvals, IGovernanceRecorder? governance = null) : TracedActivity<ApprovalReviewInput, ApprovalReview>
{
    private readonly IGovernanceRecorder _governance = governance ?? NoGovernanceRecorder.Instance;

    protected override async Task<ApprovalReview> ExecuteAsync(WorkflowActivityContext context, ApprovalReviewInput input)
    {
        var review = await approvals.ReviewAsync(input.Tenant, input.Model, input.Version, input.RequestedBy, input.Decision, CancellationToken.None);
        await _governance.ApprovalReviewedAsync(input.Tenant, input.Model, input.Version, input.RequestedBy, review, CancellationToken.None);
        return review;
    }
}
