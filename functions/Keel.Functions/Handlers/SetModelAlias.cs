using Keel.Functions.Http;
using Keel.ModelRegistry;
using Microsoft.AspNetCore.Http;

namespace Keel.Functions.Handlers;

/// <summary>
/// <c>POST /api/models/{name}/aliases/{alias}</c> with <c>{"version": 3, "reason": "..."}</c>: points an
/// alias (champion, challenger, …) at a version; the move is recorded with its actor.
/// </summary>
public sealed class SetModelAlias(IModelRegistry registry)
{
    public async Task<IResult> HandleAsync(HttpRequest request, string name, string alias, CancellationToken cancellationToken)
    {
        if (!RequestTenant.TryGet(request, out var tenant, out var problem) || !RequestActor.TryGet(request, out var actor, out problem))
        {
            return problem!;
        }
        var (body, invalid) = await JsonRequest.ReadAsync<AliasChangeRequest>(request, "alias change", cancellationToken);
        if (invalid is not null)
        {
            return invalid;
        }
        if (body?.Version is not { } version || string.IsNullOrWhiteSpace(body.Reason))
        {
            return ProblemResults.BadRequest("Malformed request", "version and reason are required.");
        }
        return Results.Json(await registry.SetAliasAsync(tenant, name, alias, version, actor, body.Reason, cancellationToken), KeelJson.Options);
    }
}

public sealed record AliasChangeRequest(int? Version, string? Reason);
