using Keel.Functions.Http;
using Keel.Functions.Security;
using Keel.Security.Authentication;
using Keel.Security.Identity;
using Keel.Security.Permissions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Keel.Functions.Host;

/// <summary>
/// The worker's own gate in front of every HTTP trigger: the Functions host lets requests through
/// anonymously (its function keys are not identities), so each invocation is authenticated with Keel's
/// schemes and authorised with the permission the catalogue gives the function, and the tenant boundary
/// and denied-access audit apply as in the other apps. Timer invocations have no HTTP request and pass.
/// </summary>
public sealed class FunctionAccess : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is not { } http)
        {
            await next(context);
            return;
        }
        var needed = FunctionCatalog.All.FirstOrDefault(f => f.Name == context.FunctionDefinition.Name) switch
        {
            HttpFunction function => function.Permission,
            TopicFunction => Permission.DeliverEvents,
            _ => (Permission?)null,
        };
        var logger = http.RequestServices.GetRequiredService<ILogger<FunctionAccess>>();
        var authentication = await http.AuthenticateAsync(KeelSchemes.Keel);
        if (!authentication.Succeeded)
        {
            logger.LogInformation("Refused unauthenticated {Method} {Path}.", http.Request.Method, http.Request.Path.Value);
            await ProblemResults.Unauthenticated().ExecuteAsync(http);
            return;
        }
        http.User = authentication.Principal;
        var caller = new KeelPrincipal(http.User);
        var audit = http.RequestServices.GetRequiredService<DeniedAccessAudit>();
        if (await TenantBoundary.RefusedAsOtherTenantAsync(http, caller, audit))
        {
            return;
        }
        var allowed = needed is { } permission
            && (await http.RequestServices.GetRequiredService<IAuthorizationService>().AuthorizeAsync(http.User, permission.PolicyName())).Succeeded;
        if (!allowed)
        {
            var detail = needed is { } p
                ? $"'{caller.Subject}' with roles [{string.Join(", ", caller.Roles)}] lacks {p.PolicyName()}."
                : "This function declares no permission, so nobody may call it.";
            logger.LogWarning("Refused {Subject} of tenant {Tenant} {Method} {Path}: {Detail}", caller.Subject, caller.Tenant, http.Request.Method, http.Request.Path.Value, detail);
            await audit.RecordAsync(http, caller, DeniedAccessAudit.Forbidden, []);
            await ProblemResults.Forbidden(detail).ExecuteAsync(http);
            return;
        }
        await next(context);
        await TenantBoundary.AuditRefusalAsync(http, caller, audit);
    }
}
