using Dapr.Workflow;
using Keel.Lifecycle;

namespace Keel.Workflows;

/// <summary>Moves the approved version to Production and announces it on <c>keel.models</c>.</summary>
public sealed class DeployActivity(Deployment deployment) : TracedActivity<VersionChange, DeploymentResult>
{
    protected override Task<DeploymentResult> ExecuteAsync(WorkflowActivityContext context, VersionChange input) =>
        deployment.DeployAsync(input.Tenant, input.Model, input.Version, input.Actor, input.Reason, CancellationToken.None);
}
