using Dapr.Workflow;
using Keel.Lifecycle;

namespace Keel.Workflows;

/// <summary>
/// Waits for an approval that counts until the deadline. Each <c>approval</c> event is reviewed under
/// the separation of duties; a refused one is recorded and the wait goes on for the time that is left,
/// measured on the workflow's own clock so that replay computes the same deadline.
/// </summary>
internal static class ApprovalWait
{
    /// <param name="Decision">The decision that counts; null when the deadline passed first.</param>
    internal sealed record Result(ApprovalReview? Decision, IReadOnlyList<string> Refused);

    public static async Task<Result> RunAsync(WorkflowContext context, WorkflowProgress progress, ApprovalRequest request, string tenant, string requestedBy, WorkflowTaskOptions retry)
    {
        var deadline = context.CurrentUtcDateTime + request.Timeout;
        var refused = new List<string>();
        while (true)
        {
            var remaining = deadline - context.CurrentUtcDateTime;
            if (remaining <= TimeSpan.Zero)
            {
                return new Result(null, refused);
            }
            context.SetCustomStatus(progress with { Step = TrainingSteps.AwaitingApproval, ApprovalDeadline = deadline, RefusedApprovals = refused.ToArray() });
            ApprovalDecision? decision;
            try
            {
                decision = await context.WaitForExternalEventAsync<ApprovalDecision?>(ApprovalDecision.EventName, remaining);
            }
            catch (TaskCanceledException)
            {
                return new Result(null, refused);
            }
            if (decision is null)
            {
                refused.Add("(nobody): the approval event carried no decision");
                continue;
            }

            context.SetCustomStatus(progress with { Step = TrainingSteps.ReviewApproval, ApprovalDeadline = deadline, RefusedApprovals = refused.ToArray() });
            var review = await context.CallActivityAsync<ApprovalReview>(nameof(ReviewApprovalActivity),
                new ApprovalReviewInput(tenant, request.Model, request.Version, requestedBy, decision), retry);
            if (review.Counts)
            {
                return new Result(review, refused);
            }
            refused.Add($"{review.Approver}: {review.Refusal}");
        }
    }
}
