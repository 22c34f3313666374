using Keel.Security.Identity;
using Keel.Security.Permissions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Keel.Security.Authorization;

/// <summary>
/// Answers 401 and 403 as RFC 9457 problem details, like every other Keel error, and logs each
/// refusal with who was refused what. The challenge itself (status and <c>WWW-Authenticate</c>) is
/// left to the scheme.
/// </summary>
internal sealed class ProblemAuthorizationResultHandler(ILogger<ProblemAuthorizationResultHandler> logger) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        await _default.HandleAsync(next, context, policy, authorizeResult);
        if (authorizeResult.Succeeded || context.Response.HasStarted)
        {
            return;
        }
        var path = context.Request.Path.Value;
        if (authorizeResult.Challenged)
        {
            logger.LogInformation("Refused unauthenticated {Method} {Path}.", context.Request.Method, path);
            await Results.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Authentication required",
                detail: "Send a valid bearer token (Authorization: Bearer …) or an API key (Authorization: ApiKey … or X-Api-Key).").ExecuteAsync(context);
        }
        else if (authorizeResult.Forbidden)
        {
            var caller = new KeelPrincipal(context.User);
            var needed = policy.Requirements.OfType<PermissionRequirement>().Select(r => r.Permission.PolicyName()).ToList();
            var detail = needed.Count > 0
                ? $"'{caller.Subject}' with roles [{string.Join(", ", caller.Roles)}] lacks {string.Join(" and ", needed)}."
                : "This endpoint declares no permission, so nobody may call it.";
            logger.LogWarning("Refused {Subject} of tenant {Tenant} {Method} {Path}: {Detail}", caller.Subject, caller.Tenant, context.Request.Method, path, detail);
            await Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: detail).ExecuteAsync(context);
        }
    }
}
