using Dapr.Workflow;
using Keel.Lifecycle;

namespace Keel.Workflows;

/// <summary>Points the <c>champion</c> alias at the deployed version.</summary>
public sealed class PromoteActivity(Promotion promotion) : TracedActivity<VersionChange, PromotionResult>
{
    protected override Task<PromotionResult> ExecuteAsync(WorkflowActivityContext context, VersionChange input) =>
        promotion.PromoteAsync(input.Tenant, input.Model, input.Version, input.Actor, input.Reason, CancellationToken.None);
}
