using Dapr.Workflow;
using Keel.Lifecycle;

namespace Keel.Workflows;

/// <summary>Moves the approved version to Production and announces it on <c>keel.models</c>.</summary>
public sealed class DeployActivity(Deployment deployment) : WorkflowActivity<VersionChange, DeploymentResult>
{
    public override Task<DeploymentResult> RunAsync(WorkflowActivityContext context, VersionChange input) =>
        deployment.DeployAsync(input.Tenant, input.Model, input.Version, input.Actor, input.Reason, CancellationToken.None);
}
