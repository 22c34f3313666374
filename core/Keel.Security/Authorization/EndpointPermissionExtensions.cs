using Keel.Security.Permissions;
using Microsoft.AspNetCore.Builder;

namespace Keel.Security.Authorization;

public static class EndpointPermissionExtensions
{
    /// <summary>The endpoint (or every endpoint of a group) needs <paramref name="permission"/>.</summary>
    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, Permission permission)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithMetadata(new KeelPermissionAttribute(permission));
    }
}
