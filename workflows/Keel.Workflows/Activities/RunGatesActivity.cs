using Dapr.Workflow;
using Keel.Governance;
using Keel.Lifecycle;

namespace Keel.Workflows;

/// <summary>Runs the validation gates, stores the report on the run, ends the run and records the gates' result.</summary>
/// <param name="governance">Where the result is recorded; hosts without governance pass none and nothing is recorded.</param>
public sealed class RunGatesActivity(GateEvaluation gates, IGovernanceRecorder? governance = null) : TracedActivity<RunInput, GateVerdicts>
{
    private readonly IGovernanceRecorder _governance = governance ?? NoGovernanceRecorder.Instance;

    protected override async Task<GateVerdicts> ExecuteAsync(WorkflowActivityContext context, RunInput input)
    {
        var verdicts = await gates.RunAsync(input.Tenant, input.RunId, CancellationToken.None);
        await _governance.GatesEvaluatedAsync(input.Tenant, verdicts, LifecycleActors.Workflow(context.InstanceId), CancellationToken.None);
        return verdicts;
    }
}
