using Keel.Functions.Http;
using Keel.Tracking;
using Microsoft.AspNetCore.Http;

namespace Keel.Functions.Handlers;

/// <summary><c>GET /api/runs/{id}</c>: one run with its parameters, metrics, tags, artifacts and child runs.</summary>
public sealed class GetRun(ITrackingStore tracking)
{
    public async Task<IResult> HandleAsync(HttpRequest request, string id, CancellationToken cancellationToken)
    {
        if (!RequestTenant.TryGet(request, out var tenant, out var problem))
        {
            return problem!;
        }
        var run = await tracking.GetRunAsync(tenant, id, cancellationToken);
        var children = await tracking.ChildrenAsync(tenant, id, cancellationToken);
        return Results.Json(new { run, children }, KeelJson.Options);
    }
}
