using Keel.Features.Online;
using Keel.Functions.Http;
using Microsoft.AspNetCore.Http;

namespace Keel.Functions.Handlers;

/// <summary>
/// <c>POST /api/features/online</c> with <c>{"service": "...", "entities": ["17", ...]}</c> or
/// <c>{"features": ["view:feature", ...], "entities": [...]}</c>: the latest values, the view
/// versions they come from and each value's age.
/// </summary>
public sealed class ReadOnlineFeatures(OnlineFeatureService features)
{
    public async Task<IResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!RequestTenant.TryGet(request, out var tenant, out var problem))
        {
            return problem!;
        }
        var (query, invalid) = await JsonRequest.ReadAsync<OnlineFeatureRequest>(request, "online feature request", cancellationToken);
        if (invalid is not null)
        {
            return invalid;
        }
        if (query?.Entities is null)
        {
            return ProblemResults.BadRequest("Malformed request", "entities: a list of entity keys is required.");
        }
        var result = await features.GetAsync(tenant, query, cancellationToken);
        return Results.Json(result, KeelJson.Options);
    }
}
