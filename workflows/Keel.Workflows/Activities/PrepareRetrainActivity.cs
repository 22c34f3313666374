using Dapr.Workflow;
using Keel.Lifecycle;

namespace Keel.Workflows;

/// <summary>Finds the spec a model's latest version was trained from, to train it again.</summary>
public sealed class PrepareRetrainActivity(Retraining retraining) : TracedActivity<RetrainRequest, RetrainingPlan>
{
    protected override Task<RetrainingPlan> ExecuteAsync(WorkflowActivityContext context, RetrainRequest input) =>
        retraining.PlanAsync(input.Tenant, input.Model, CancellationToken.None);
}
