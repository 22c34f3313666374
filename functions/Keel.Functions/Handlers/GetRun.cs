using Keel.Functions.Http;
using Keel.Tracking;
using Microsoft.AspNetCore.Http;

namespace Keel.Functions.Handlers;

/// <summary><c>GET /api/runs/{id}</c>: one run with its parameters, metrics, tags, artifacts, child runs and what it cost.</summary>
public sealed class GetRun(ITrackingStore tracking, Keel.Metering.CostQueries costs, TimeProvider time)
{
    public async Task<IResult> HandleAsync(HttpRequest request, string id, CancellationToken cancellationToken)
    {
        if (!RequestTenant.TryGet(request, out var tenant, out var problem))
        {
            return problem!;
        }
        var run = await tracking.GetRunAsync(tenant, id, cancellationToken);
        var children = await tracking.ChildrenAsync(tenant, id, cancellationToken);
        // Metering reaches the ledger a flush interval after the run; an hour's margin covers it.
        var cost = await costs.RunCostAsync(tenant, id, run.StartTime.AddMinutes(-1), (run.EndTime ?? time.GetUtcNow()).AddHours(1), cancellationToken);
        return Results.Json(new { run, children, cost }, KeelJson.Options);
    }
}
