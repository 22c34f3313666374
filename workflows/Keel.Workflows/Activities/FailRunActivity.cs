using Dapr.Workflow;
using Keel.Lifecycle;

namespace Keel.Workflows;

/// <summary>Ends a training run as failed when the evaluation or the gates could not finish it.</summary>
public sealed class FailRunActivity(RunEnding runs) : TracedActivity<FailRunInput, string>
{
    protected override async Task<string> ExecuteAsync(WorkflowActivityContext context, FailRunInput input) =>
        (await runs.FailAsync(input.Tenant, input.RunId, input.Reason, CancellationToken.None)).ToString();
}
