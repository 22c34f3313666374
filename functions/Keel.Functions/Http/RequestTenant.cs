using Keel.Security.Identity;
using Microsoft.AspNetCore.Http;

namespace Keel.Functions.Http;

/// <summary>
/// The tenant a request acts for: the one its identity carries, never one it names. A request that
/// names another tenant in <c>X-Keel-Tenant</c> never gets here (<see cref="Security.TenantBoundary"/>
/// answers it 404); the header may still repeat the caller's own tenant.
/// </summary>
public static class RequestTenant
{
    public const string Header = "X-Keel-Tenant";

    public static bool TryGet(HttpRequest request, out string tenant, out IResult? problem)
    {
        if (new KeelPrincipal(request.HttpContext.User) is { IsAuthenticated: true, Tenant: { } own })
        {
            tenant = own;
            problem = null;
            return true;
        }
        tenant = "";
        problem = ProblemResults.Unauthenticated();
        return false;
    }
}
