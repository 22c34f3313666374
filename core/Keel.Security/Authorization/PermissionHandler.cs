using Keel.Security.Identity;
using Microsoft.AspNetCore.Authorization;

namespace Keel.Security.Authorization;

/// <summary>Decides a permission by the role table; an identity without a valid tenant is granted nothing.</summary>
internal sealed class PermissionHandler : AuthorizationHandler<PermissionRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        if (new KeelPrincipal(context.User).Has(requirement.Permission))
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}
