using Microsoft.AspNetCore.Http;

namespace Keel.Functions.Http;

/// <summary>
/// Who performs a change. Until identities are authenticated, the <c>X-Keel-Actor</c> header names
/// them; a change without one is refused, so that no transition is recorded as nobody's.
/// </summary>
public static class RequestActor
{
    public const string Header = "X-Keel-Actor";

    public static bool TryGet(HttpRequest request, out string actor, out IResult? problem)
    {
        actor = request.Headers[Header].FirstOrDefault()?.Trim() ?? "";
        if (actor.Length is > 0 and <= 200)
        {
            problem = null;
            return true;
        }
        problem = ProblemResults.BadRequest("Actor required", $"{Header}: name who makes this change (at most 200 characters).");
        return false;
    }
}
