using Keel.Functions.Http;
using Keel.Reports;
using Keel.Reports.Drift;
using Microsoft.AspNetCore.Http;

namespace Keel.Functions.Handlers;

/// <summary>
/// <c>GET /api/reports/drift/{model}?version=&amp;window=latest|24h|7d|all&amp;format=json|html</c>: the
/// model's live traffic against its reference, for the newest version with judged windows unless
/// one is named.
/// </summary>
public sealed class GetDriftReport(DriftReports reports)
{
    public async Task<IResult> HandleAsync(HttpRequest request, string model, CancellationToken cancellationToken)
    {
        if (!RequestTenant.TryGet(request, out var tenant, out var problem) || !ReportQuery.TryRead(request, ReportWindow.Latest, out var query, out problem))
        {
            return problem!;
        }
        ModelDriftReport report;
        try
        {
            report = await reports.BuildAsync(tenant, model, query.Version, query.Window, cancellationToken);
        }
        catch (ReportNotFoundException ex)
        {
            return ProblemResults.NotFound(ex.Message);
        }
        return query.Html
            ? Results.Content(DriftReportHtml.Render(report), "text/html; charset=utf-8")
            : Results.Content(ReportJson.Serialize(report), "application/json; charset=utf-8");
    }
}
