using Keel.Lifecycle;
using Keel.ModelRegistry;
using Keel.Security;
using Keel.Security.Identity;
using Keel.Tracking;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Keel.Workflows.Api;

/// <summary>
/// The four-eyes rule at the door: a decision by the version's requester or author, or by someone of
/// another tenant, is refused with 403 before it reaches the workflow. The workflow judges every decision
/// again (<see cref="Approvals"/>), so a refusal here is for the caller's sake, not the only defence.
/// </summary>
internal static class ApprovalGuard
{
    public static async Task<string?> RefusalAsync(HttpRequest request, string tenant, WorkflowProgress? progress, CancellationToken ct)
    {
        if (progress is not { Model: { } model, Version: { } version, RunId: { } runId })
        {
            // Nothing waits for a decision yet; the workflow answers a premature one.
            return null;
        }
        var services = request.HttpContext.RequestServices;
        var registered = await services.GetRequiredService<IModelRegistry>().GetVersionAsync(tenant, model, version, ct);
        var run = await services.GetRequiredService<ITrackingStore>().GetRunAsync(tenant, runId, ct);
        var requester = run.Tags.TryGetValue(Approvals.RequestedByTag, out var asked) ? asked : "";
        return SeparationOfDutiesCheck.RefusalOf(new KeelPrincipal(request.HttpContext.User), tenant, requester, registered?.CreatedBy ?? run.CreatedBy);
    }
}
