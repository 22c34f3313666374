using System.Globalization;
using Dapr.Workflow;
using Keel.Lifecycle;

namespace Keel.Workflows;

/// <summary>
/// Waits for canary analysis to recommend promoting or rolling back the canary, until the deadline. A
/// recommendation about another version (from an earlier rollout of the model) or without a decision
/// is ignored and the wait goes on for the time that is left, measured on the workflow's own clock so
/// that replay computes the same deadline.
/// </summary>
internal static class CanaryWait
{
    /// <returns>The recommendation that counts; null when the deadline passed first.</returns>
    public static async Task<CanaryVerdict?> RunAsync(WorkflowContext context, WorkflowProgress progress, CanaryStart start, TimeSpan maxWait)
    {
        var deadline = context.CurrentUtcDateTime + maxWait;
        context.SetCustomStatus(progress with
        {
            Step = TrainingSteps.AwaitingCanary,
            CanaryDeadline = deadline,
            Detail = string.Create(CultureInfo.InvariantCulture, $"version {start.Version} serves {start.Percent:0.##} % beside version {start.StableVersion}"),
        });
        while (true)
        {
            var remaining = deadline - context.CurrentUtcDateTime;
            if (remaining <= TimeSpan.Zero)
            {
                return null;
            }
            CanaryVerdict? verdict;
            try
            {
                verdict = await context.WaitForExternalEventAsync<CanaryVerdict?>(CanaryVerdict.EventName, remaining);
            }
            catch (TaskCanceledException)
            {
                return null;
            }
            if (verdict is not null && verdict.CanaryVersion == start.Version && (verdict.IsPromote || verdict.IsRollback))
            {
                return verdict;
            }
        }
    }
}
