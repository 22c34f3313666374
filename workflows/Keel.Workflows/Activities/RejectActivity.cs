using Dapr.Workflow;
using Keel.Lifecycle;

namespace Keel.Workflows;

/// <summary>Archives a version that was rejected or that nobody approved in time.</summary>
public sealed class RejectActivity(Rejection rejection, Approvals approvals) : TracedActivity<RejectInput, VersionStage>
{
    protected override async Task<VersionStage> ExecuteAsync(WorkflowActivityContext context, RejectInput input)
    {
        if (input.TimedOut)
        {
            await approvals.RecordTimeoutAsync(input.Tenant, input.Model, input.Version, CancellationToken.None);
        }
        return await rejection.ArchiveAsync(input.Tenant, input.Model, input.Version, input.Actor, input.Reason, CancellationToken.None);
    }
}
