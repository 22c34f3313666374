using Keel.Functions.Http;
using Keel.Security.Identity;
using Microsoft.AspNetCore.Http;

namespace Keel.Functions.Security;

/// <summary>
/// A caller acts for the tenant of its identity and no other. A request that names another tenant
/// (<c>X-Keel-Tenant</c>) is answered 404, as if what it asked for did not exist, and audited. After
/// the endpoint, refusals (403) and not-found answers to an identified caller are audited too: from
/// inside a tenant, another tenant's run, model or prediction is indistinguishable from a missing one,
/// so every such probe leaves a trace.
/// </summary>
public sealed class TenantBoundary(RequestDelegate next, DeniedAccessAudit audit)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var caller = new KeelPrincipal(context.User);
        if (caller.IsAuthenticated && await RefusedAsOtherTenantAsync(context, caller, audit))
        {
            return;
        }
        await next(context);
        // A path that matched no route is nobody's resource; only answers of real endpoints are audited.
        if (context.GetEndpoint() is not null)
        {
            await AuditRefusalAsync(context, caller, audit);
        }
    }

    /// <summary>
    /// Answers 404, and audits it, when the request names a tenant other than the caller's; true when it did.
    /// Shared with the Functions worker's gate, which runs outside this middleware.
    /// </summary>
    public static async Task<bool> RefusedAsOtherTenantAsync(HttpContext context, KeelPrincipal caller, DeniedAccessAudit audit)
    {
        if (context.Request.Headers[RequestTenant.Header].FirstOrDefault() is not { Length: > 0 } named
            || string.Equals(named, caller.Tenant, StringComparison.Ordinal))
        {
            return false;
        }
        await audit.RecordAsync(context, caller, DeniedAccessAudit.CrossTenant, new() { ["named_tenant"] = named });
        await ProblemResults.NotFound($"Nothing at {context.Request.Path} for this caller.").ExecuteAsync(context);
        return true;
    }

    /// <summary>After the endpoint: a 403 or a not-found answer to an identified caller goes to the audit log.</summary>
    public static async Task AuditRefusalAsync(HttpContext context, KeelPrincipal caller, DeniedAccessAudit audit)
    {
        if (caller.IsAuthenticated && caller.Tenant is not null
            && context.Response.StatusCode is StatusCodes.Status403Forbidden or StatusCodes.Status404NotFound)
        {
            await audit.RecordAsync(context, caller,
                context.Response.StatusCode == StatusCodes.Status403Forbidden ? DeniedAccessAudit.Forbidden : DeniedAccessAudit.NotFound, []);
        }
    }
}
