using Keel.Security.Identity;
using Microsoft.AspNetCore.Http;

namespace Keel.Governance;

/// <summary>
/// Who made a change whose call names no actor: the actor of an open <see cref="AuditActorScope"/>,
/// else the authenticated caller of the HTTP request being served, else the <c>X-Keel-Actor</c> header
/// the request's handlers record as the actor, else <see cref="GovernanceActors.System"/> (serving
/// following an event, a background job).
/// </summary>
public sealed class AuditActors(IHttpContextAccessor? http = null)
{
    // The header Keel.Functions' RequestActor reads; named here because core libraries do not reference the functions.
    private const string ActorHeader = "X-Keel-Actor";

    public string Current()
    {
        if (AuditActorScope.Actor is { } scoped)
        {
            return scoped;
        }
        if (http?.HttpContext is not { } context)
        {
            return GovernanceActors.System;
        }
        var caller = new KeelPrincipal(context.User);
        if (caller.IsAuthenticated && !string.IsNullOrWhiteSpace(caller.Subject))
        {
            return caller.Subject.Trim();
        }
        var header = context.Request.Headers[ActorHeader].FirstOrDefault()?.Trim();
        return string.IsNullOrEmpty(header) ? GovernanceActors.System : header;
    }
}
