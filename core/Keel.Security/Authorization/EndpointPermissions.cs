using Keel.Security.Permissions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;

namespace Keel.Security.Authorization;

/// <summary>An endpoint of an app with what it takes to call it.</summary>
public sealed record EndpointAccess(RouteEndpoint Endpoint, IReadOnlyList<string> Methods, string Route, IReadOnlyList<Permission> Permissions, bool Anonymous)
{
    public override string ToString() => $"{(Methods.Count == 0 ? "ANY" : string.Join(',', Methods))} {Route}";
}

/// <summary>
/// Reads permissions off an app's endpoints, for tests that go over every endpoint: expect 401 and
/// 403 where the table says so, and fail on an endpoint that was mapped without saying who may call it.
/// </summary>
public static class EndpointPermissions
{
    public static IReadOnlyList<EndpointAccess> All(EndpointDataSource endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.Endpoints.OfType<RouteEndpoint>().Select(endpoint => new EndpointAccess(
            endpoint,
            endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.ToList() ?? [],
            "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/'),
            endpoint.Metadata.GetOrderedMetadata<KeelPermissionAttribute>().Select(p => p.Permission).Distinct().ToList(),
            endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)).ToList();
    }

    /// <summary>Endpoints that need no Keel permission and are not explicitly anonymous.</summary>
    public static IReadOnlyList<EndpointAccess> Unprotected(EndpointDataSource endpoints) =>
        All(endpoints).Where(access => access.Permissions.Count == 0 && !access.Anonymous).ToList();
}
