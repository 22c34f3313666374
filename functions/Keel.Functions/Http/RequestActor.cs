using Keel.Security.Identity;
using Microsoft.AspNetCore.Http;

namespace Keel.Functions.Http;

/// <summary>
/// Who performs a change: the subject of the caller's identity (<c>apikey:&lt;id&gt;</c> for an API
/// key), recorded with every transition. Nobody can name someone else as the actor.
/// </summary>
public static class RequestActor
{
    /// <summary>Former way to name the actor; a request that still sends it must name the caller itself.</summary>
    public const string Header = "X-Keel-Actor";

    public static bool TryGet(HttpRequest request, out string actor, out IResult? problem)
    {
        if (new KeelPrincipal(request.HttpContext.User) is { IsAuthenticated: true, Subject: { Length: > 0 } subject })
        {
            actor = subject;
            return Matches(request.Headers[Header].FirstOrDefault(), subject, Header, out problem);
        }
        actor = "";
        problem = ProblemResults.Unauthenticated();
        return false;
    }

    /// <summary>
    /// A request may repeat who it acts as (a body's <c>requestedBy</c>, an <c>approver</c>, the header),
    /// but never name anyone else: that would let one identity act in another's name.
    /// </summary>
    public static bool Matches(string? named, string subject, string field, out IResult? problem)
    {
        if (string.IsNullOrWhiteSpace(named) || string.Equals(named.Trim(), subject, StringComparison.Ordinal))
        {
            problem = null;
            return true;
        }
        problem = ProblemResults.Forbidden($"{field} names '{named.Trim()}', but the caller is '{subject}'; one identity cannot act in another's name.");
        return false;
    }
}
