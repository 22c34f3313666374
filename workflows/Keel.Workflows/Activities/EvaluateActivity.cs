using Dapr.Workflow;
using Keel.Lifecycle;

namespace Keel.Workflows;

/// <summary>Scores the champion on the candidate's holdout, when there is a champion that can.</summary>
public sealed class EvaluateActivity(Evaluation evaluation) : WorkflowActivity<RunInput, EvaluationResult>
{
    public override Task<EvaluationResult> RunAsync(WorkflowActivityContext context, RunInput input) =>
        evaluation.CompareWithChampionAsync(input.Tenant, input.RunId, CancellationToken.None);
}
