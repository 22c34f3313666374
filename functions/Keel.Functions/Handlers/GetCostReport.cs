using Keel.Costs.Reports;
using Keel.Functions.Http;
using Keel.Metering;
using Microsoft.AspNetCore.Http;

namespace Keel.Functions.Handlers;

/// <summary>
/// <c>GET /api/costs/report?by=team|model|tenant|version|variant|cost_centre&amp;from=&amp;to=&amp;format=json|csv|html</c>:
/// the caller's tenant's cost in [from, to), rolled up, priced with the configured book. Without a
/// usable book, JSON and HTML show the usage unpriced with the reason, and CSV (which has no room for
/// one) answers 409 with it: nothing is ever priced at zero.
/// </summary>
public sealed class GetCostReport(CostQueries costs, TimeProvider time)
{
    private static readonly string[] Formats = ["json", "csv", "html"];

    public async Task<IResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!RequestTenant.TryGet(request, out var tenant, out var problem) || !CostQuery.TryRead(request, time.GetUtcNow(), Formats, out var query, out problem))
        {
            return problem!;
        }
        var result = await costs.ReportAsync(tenant, query.By, query.From, query.To, cancellationToken);
        return query.Format switch
        {
            "csv" when result.Report is { } report => Results.Content(CostReportCsv.Write(report), "text/csv; charset=utf-8"),
            "csv" => ProblemResults.Conflict(result.Problem!),
            "html" when result.Report is { } report => Results.Content(CostReportHtml.Render(report), "text/html; charset=utf-8"),
            "html" => Results.Content(UnpricedReportHtml.Render(result), "text/html; charset=utf-8"),
            _ => Results.Content(CostQueryJson.Write(result), "application/json; charset=utf-8"),
        };
    }
}
