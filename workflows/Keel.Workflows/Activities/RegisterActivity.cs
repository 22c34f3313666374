using Dapr.Workflow;
using Keel.Lifecycle;

namespace Keel.Workflows;

/// <summary>Registers the candidate in Staging with its lineage, reports and model card — only with a passed gate report.</summary>
public sealed class RegisterActivity(Registration registration) : TracedActivity<RegistrationRequest, RegistrationResult>
{
    protected override Task<RegistrationResult> ExecuteAsync(WorkflowActivityContext context, RegistrationRequest input) =>
        registration.RegisterAsync(input, CancellationToken.None);
}
