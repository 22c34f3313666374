using Dapr.Workflow;
using Keel.Lifecycle;

namespace Keel.Workflows;

/// <summary>Runs the validation gates, stores the report on the run and ends the run.</summary>
public sealed class RunGatesActivity(GateEvaluation gates) : TracedActivity<RunInput, GateVerdicts>
{
    protected override Task<GateVerdicts> ExecuteAsync(WorkflowActivityContext context, RunInput input) =>
        gates.RunAsync(input.Tenant, input.RunId, CancellationToken.None);
}
