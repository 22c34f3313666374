using Keel.Features.Materialization;
using Keel.Functions.Http;
using Microsoft.AspNetCore.Http;

namespace Keel.Functions.Handlers;

/// <summary>
/// Batch materialization from the offline to the online store: on its schedule (every view from
/// its watermark to now), or on request for an explicit range
/// (<c>POST /api/features/materialize</c> with <c>{"from": ..., "to": ..., "views": [...]}</c>).
/// </summary>
public sealed class MaterializeFeatureRange(ScheduledMaterialization scheduled, FeatureMaterializer materializer)
{
    public Task<MaterializationResult> RunScheduledAsync(CancellationToken cancellationToken) => scheduled.RunAsync(cancellationToken);

    public async Task<IResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!RequestTenant.TryGet(request, out var tenant, out var problem))
        {
            return problem!;
        }
        var (range, invalid) = await JsonRequest.ReadAsync<MaterializeRangeRequest>(request, "materialization request", cancellationToken);
        if (invalid is not null)
        {
            return invalid;
        }
        var from = range?.From ?? DateTimeOffset.UnixEpoch;
        var to = range?.To ?? DateTimeOffset.UtcNow;
        if (from >= to)
        {
            return ProblemResults.BadRequest("Empty range", $"from ({from:O}) must be before to ({to:O}).");
        }
        var result = await materializer.MaterializeRangeAsync(tenant, from, to, range?.Views, cancellationToken);
        return Results.Json(new { rows = result.Rows, views = result.Views }, KeelJson.Options);
    }
}

public sealed record MaterializeRangeRequest(DateTimeOffset? From, DateTimeOffset? To, IReadOnlyList<string>? Views);
