using Microsoft.AspNetCore.Authorization;

namespace Keel.Security.Authorization;

/// <summary>
/// The requirement of the fallback policy, which no handler ever meets: an endpoint mapped without a
/// permission and without <c>AllowAnonymous</c> answers 401 or 403 instead of serving anyone signed in.
/// </summary>
public sealed class UnmappedEndpointRequirement : IAuthorizationRequirement
{
    public override string ToString() => "the endpoint declares no Keel permission";
}
