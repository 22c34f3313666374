using Keel.Hardening.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Keel.Hardening.Names;

public static class ResourceNameEndpointFilter
{
    /// <summary>
    /// Refuses a request whose route value <paramref name="routeValue"/> is not a valid name of
    /// <paramref name="kind"/> with a 400 problem naming the rule and pattern, before the handler runs.
    /// </summary>
    public static TBuilder RequireResourceName<TBuilder>(this TBuilder builder, string routeValue, ResourceKind kind)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentException.ThrowIfNullOrEmpty(routeValue);
        ArgumentNullException.ThrowIfNull(kind);
        return builder.AddEndpointFilter(async (context, next) =>
        {
            var value = context.HttpContext.Request.RouteValues.TryGetValue(routeValue, out var raw) ? raw?.ToString() : null;
            if (ResourceNames.IsValid(kind, value))
            {
                return await next(context);
            }
            return Results.Problem(
                $"{routeValue}: {ResourceNames.Describe(kind, value)}",
                statusCode: StatusCodes.Status400BadRequest,
                title: "Invalid name",
                type: ProblemTypes.InvalidName,
                extensions: new Dictionary<string, object?> { ["parameter"] = routeValue, ["pattern"] = kind.Pattern });
        });
    }
}
