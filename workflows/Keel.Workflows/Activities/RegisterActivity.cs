using Dapr.Workflow;
using Keel.Governance;
using Keel.Lifecycle;

namespace Keel.Workflows;

/// <summary>
/// Registers the candidate in Staging with its lineage, reports and model card — only with a passed gate report —
/// and records the gate report it was admitted with against the new version.
/// </summary>
/// <param name="governance">Where the result is recorded; hosts without governance pass none and nothing is recorded.</param>
public sealed class RegisterActivity(Registration registration, IGovernanceRecorder? governance = null) : TracedActivity<RegistrationRequest, RegistrationResult>
{
    private readonly IGovernanceRecorder _governance = governance ?? NoGovernanceRecorder.Instance;

    protected override async Task<RegistrationResult> ExecuteAsync(WorkflowActivityContext context, RegistrationRequest input)
    {
        RegistrationResult result;
        // Creating the registered model names no actor of its own: the audit trail names the workflow's.
        using (AuditActorScope.Begin(input.Actor))
        {
            result = await registration.RegisterAsync(input, CancellationToken.None);
        }
        await _governance.VersionRegisteredAsync(input.Tenant, result, input.Actor, CancellationToken.None);
        return result;
    }
}
