using Keel.Functions.Http;
using Keel.Metering;
using Microsoft.AspNetCore.Http;

namespace Keel.Functions.Handlers;

/// <summary>
/// <c>GET /api/costs/per-prediction?from=&amp;to=&amp;format=json|csv</c>: each model version's inference
/// cost per 1,000 predictions in [from, to). Without a usable book JSON lists the predictions and the
/// reason, and CSV answers 409 with it.
/// </summary>
public sealed class GetCostPerPrediction(CostQueries costs, TimeProvider time)
{
    private static readonly string[] Formats = ["json", "csv"];

    public async Task<IResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!RequestTenant.TryGet(request, out var tenant, out var problem) || !CostQuery.TryRead(request, time.GetUtcNow(), Formats, out var query, out problem))
        {
            return problem!;
        }
        var result = await costs.PerThousandPredictionsAsync(tenant, query.From, query.To, cancellationToken);
        return query.Format switch
        {
            "csv" when result.Priced => Results.Content(UnitCostCsv.Write(result), "text/csv; charset=utf-8"),
            "csv" => ProblemResults.Conflict(result.Problem!),
            _ => Results.Content(CostQueryJson.Write(result), "application/json; charset=utf-8"),
        };
    }
}
