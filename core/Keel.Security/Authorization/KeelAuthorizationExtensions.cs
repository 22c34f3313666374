using Keel.Security.Authentication;
using Keel.Security.Permissions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Keel.Security.Authorization;

public static class KeelAuthorizationExtensions
{
    /// <summary>
    /// One policy per permission, named <c>keel:&lt;permission&gt;</c> and decided by the role table, and a
    /// fallback that refuses every endpoint which names neither a permission nor <c>AllowAnonymous</c>.
    /// </summary>
    public static IServiceCollection AddKeelAuthorization(this IServiceCollection services)
    {
        services.AddAuthorization(options =>
        {
            foreach (var permission in Enum.GetValues<Permission>())
            {
                options.AddPolicy(permission.PolicyName(), policy => policy
                    .AddAuthenticationSchemes(KeelSchemes.Keel)
                    .RequireAuthenticatedUser()
                    .AddRequirements(new PermissionRequirement(permission)));
            }
            options.FallbackPolicy = new AuthorizationPolicyBuilder(KeelSchemes.Keel)
                .RequireAuthenticatedUser()
                .AddRequirements(new UnmappedEndpointRequirement())
                .Build();
        });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuthorizationHandler, PermissionHandler>());
        // Replaces the framework's handler, which AddAuthorization has just registered.
        services.Replace(ServiceDescriptor.Singleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>());
        return services;
    }
}
