using Keel.Functions.Http;
using Keel.Metering;
using Microsoft.AspNetCore.Http;

namespace Keel.Functions.Handlers;

/// <summary>
/// <c>GET /api/costs/idle</c>: the caller's tenant's Production versions that served nothing for the
/// idle period (<c>Keel:FinOps:Idle:Period</c>), with what keeping each up costs per hour and has cost
/// since it went quiet, costliest first; without a price book the costs are absent and the answer says why.
/// </summary>
public sealed class ListIdleEndpoints(IdleEndpoints idle)
{
    public async Task<IResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!RequestTenant.TryGet(request, out var tenant, out var problem))
        {
            return problem!;
        }
        var result = await idle.FindAsync(tenant, cancellationToken);
        return Results.Content(CostQueryJson.Write(result), "application/json; charset=utf-8");
    }
}
