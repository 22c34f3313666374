using Keel.Functions.Http;
using Keel.ModelRegistry;
using Microsoft.AspNetCore.Http;

namespace Keel.Functions.Handlers;

/// <summary><c>GET /api/models/{name}</c>: a model with its versions, aliases and stage history.</summary>
public sealed class GetModel(IModelRegistry registry)
{
    public async Task<IResult> HandleAsync(HttpRequest request, string name, CancellationToken cancellationToken)
    {
        if (!RequestTenant.TryGet(request, out var tenant, out var problem))
        {
            return problem!;
        }
        var model = await registry.GetModelAsync(tenant, name, cancellationToken);
        if (model is null)
        {
            return ProblemResults.NotFound($"Model '{name}' is not registered.");
        }
        return Results.Json(new
        {
            model,
            versions = await registry.ListVersionsAsync(tenant, name, null, cancellationToken),
            aliases = await registry.ListAliasesAsync(tenant, name, cancellationToken),
            transitions = await registry.TransitionsAsync(tenant, name, null, cancellationToken),
        }, KeelJson.Options);
    }
}
