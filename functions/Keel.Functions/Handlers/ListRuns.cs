using Keel.Functions.Http;
using Keel.Tracking;
using Microsoft.AspNetCore.Http;

namespace Keel.Functions.Handlers;

/// <summary>
/// <c>GET /api/runs?experiment=credit&amp;orderBy=auc&amp;ascending=false&amp;limit=20&amp;parent=&lt;run&gt;&amp;topLevel=true</c>:
/// tracked runs with their parameters, latest metrics and tags.
/// </summary>
public sealed class ListRuns(ITrackingStore tracking)
{
    public async Task<IResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!RequestTenant.TryGet(request, out var tenant, out var problem))
        {
            return problem!;
        }
        var query = request.Query;
        if (!int.TryParse(query["limit"].FirstOrDefault() ?? RunQuery.DefaultLimit.ToString(System.Globalization.CultureInfo.InvariantCulture), out var limit))
        {
            return ProblemResults.BadRequest("Invalid query", "limit: a whole number is required.");
        }
        var runs = await tracking.ListRunsAsync(tenant, new RunQuery
        {
            Experiment = query["experiment"].FirstOrDefault(),
            ParentRunId = query["parent"].FirstOrDefault(),
            TopLevelOnly = string.Equals(query["topLevel"].FirstOrDefault(), "true", StringComparison.OrdinalIgnoreCase),
            OrderByMetric = query["orderBy"].FirstOrDefault(),
            Ascending = string.Equals(query["ascending"].FirstOrDefault(), "true", StringComparison.OrdinalIgnoreCase),
            Limit = limit,
        }, cancellationToken);
        return Results.Json(new { runs }, KeelJson.Options);
    }
}
