using Keel.Functions.Http;
using Keel.ModelRegistry;
using Microsoft.AspNetCore.Http;

namespace Keel.Functions.Handlers;

/// <summary><c>GET /api/models</c>: the tenant's registered models.</summary>
public sealed class ListModels(IModelRegistry registry)
{
    public async Task<IResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!RequestTenant.TryGet(request, out var tenant, out var problem))
        {
            return problem!;
        }
        return Results.Json(new { models = await registry.ListModelsAsync(tenant, cancellationToken) }, KeelJson.Options);
    }
}
