using Dapr.Workflow;
using Keel.Lifecycle;

namespace Keel.Workflows;

/// <summary>Registers the candidate in Staging with its lineage, reports and model card — only with a passed gate report.</summary>
public sealed class RegisterActivity(Registration registration) : WorkflowActivity<RegistrationRequest, RegistrationResult>
{
    public override Task<RegistrationResult> RunAsync(WorkflowActivityContext context, RegistrationRequest input) =>
        registration.RegisterAsync(input, CancellationToken.None);
}
