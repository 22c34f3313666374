using Keel.Functions.Http;
using Keel.ModelRegistry;
using Microsoft.AspNetCore.Http;

namespace Keel.Functions.Handlers;

/// <summary><c>GET /api/models/{name}/versions/{version}</c>: one version with its lineage, artifacts and transitions.</summary>
public sealed class GetModelVersion(IModelRegistry registry)
{
    public async Task<IResult> HandleAsync(HttpRequest request, string name, int version, CancellationToken cancellationToken)
    {
        if (!RequestTenant.TryGet(request, out var tenant, out var problem))
        {
            return problem!;
        }
        var found = await registry.GetVersionAsync(tenant, name, version, cancellationToken);
        if (found is null)
        {
            return ProblemResults.NotFound($"Model '{name}' has no version {version}.");
        }
        return Results.Json(new
        {
            version = found,
            transitions = await registry.TransitionsAsync(tenant, name, version, cancellationToken),
        }, KeelJson.Options);
    }
}
