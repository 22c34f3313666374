using Dapr.Workflow;
using Keel.Lifecycle;

namespace Keel.Workflows;

/// <summary>Ends a training run as failed when the evaluation or the gates could not finish it.</summary>
public sealed class FailRunActivity(RunEnding runs) : WorkflowActivity<FailRunInput, string>
{
    public override async Task<string> RunAsync(WorkflowActivityContext context, FailRunInput input) =>
        (await runs.FailAsync(input.Tenant, input.RunId, input.Reason, CancellationToken.None)).ToString();
}
