using Dapr.Workflow;
using Keel.Lifecycle;

namespace Keel.Workflows;

/// <summary>Archives the new version and restores the previous champion and Production version.</summary>
public sealed class CompensateActivity(Compensation compensation) : TracedActivity<CompensateInput, CompensationResult>
{
    protected override Task<CompensationResult> ExecuteAsync(WorkflowActivityContext context, CompensateInput input) =>
        compensation.CompensateAsync(input.Tenant, input.Model, input.RunId, input.Version, input.Actor, input.Reason, CancellationToken.None);
}
