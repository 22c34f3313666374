using Dapr.Workflow;
using Keel.Lifecycle;

namespace Keel.Workflows;

/// <summary>Scores the champion on the candidate's holdout, when there is a champion that can.</summary>
public sealed class EvaluateActivity(Evaluation evaluation) : TracedActivity<RunInput, EvaluationResult>
{
    protected override Task<EvaluationResult> ExecuteAsync(WorkflowActivityContext context, RunInput input) =>
        evaluation.CompareWithChampionAsync(input.Tenant, input.RunId, CancellationToken.None);
}
