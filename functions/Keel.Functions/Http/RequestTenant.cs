using Keel.Events;
using Microsoft.AspNetCore.Http;

namespace Keel.Functions.Http;

/// <summary>
/// The tenant a request acts for. Until identities carry it, the <c>X-Keel-Tenant</c> header
/// names it (default <c>default</c>); an invalid name is refused rather than guessed.
/// </summary>
public static class RequestTenant
{
    public const string Header = "X-Keel-Tenant";

    public static bool TryGet(HttpRequest request, out string tenant, out IResult? problem)
    {
        tenant = request.Headers[Header].FirstOrDefault() ?? TenantName.Default;
        if (TenantName.IsValid(tenant))
        {
            problem = null;
            return true;
        }
        problem = ProblemResults.BadRequest("Invalid tenant", $"{Header}: '{tenant}' is not a tenant name ({TenantName.Rule}).");
        return false;
    }
}
