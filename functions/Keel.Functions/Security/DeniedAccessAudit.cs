using System.Text.Json.Nodes;
using Keel.Audit;
using Keel.Security.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Keel.Functions.Security;

/// <summary>
/// Appends <c>access.denied</c> entries for identified callers. Unauthenticated refusals are only
/// logged: without an identity there is no tenant to file them under, and anyone could fill the log.
/// </summary>
public sealed class DeniedAccessAudit(IAuditLog log, ILogger<DeniedAccessAudit> logger)
{
    public const string CrossTenant = "cross-tenant";
    public const string Forbidden = "forbidden";
    public const string NotFound = "not-found";

    public async Task RecordAsync(HttpContext context, KeelPrincipal caller, string reason, JsonObject details)
    {
        details["reason"] = reason;
        details["method"] = context.Request.Method;
        details["path"] = context.Request.Path.Value;
        details["status"] = reason == Forbidden ? StatusCodes.Status403Forbidden : StatusCodes.Status404NotFound;
        if (caller.KeyId is { } keyId)
        {
            details["key_id"] = keyId;
        }
        try
        {
            await log.AppendAsync(new NewAuditEntry(caller.Tenant!, caller.Subject ?? "unknown", AuditActions.AccessDenied,
                "route:" + Truncate(context.Request.Path.Value ?? "/"), details), CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The answer is already decided; an audit log that cannot be written is an operator's alarm, not the caller's error.
            logger.LogError(ex, "Could not audit a denied access of {Subject} to {Path}", caller.Subject, context.Request.Path.Value);
        }
    }

    private static string Truncate(string path) => path.Length <= 500 ? path : path[..500];
}
