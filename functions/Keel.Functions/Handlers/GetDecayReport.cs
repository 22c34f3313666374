using Keel.Functions.Http;
using Keel.Reports;
using Keel.Reports.Decay;
using Microsoft.AspNetCore.Http;

namespace Keel.Functions.Handlers;

/// <summary>
/// <c>GET /api/reports/decay/{model}?version=&amp;window=all|24h|7d&amp;format=json|html</c>: the model's
/// quality on its labelled predictions against its registered holdout metrics, for the newest
/// version with labelled predictions unless one is named.
/// </summary>
public sealed class GetDecayReport(DecayReports reports)
{
    public async Task<IResult> HandleAsync(HttpRequest request, string model, CancellationToken cancellationToken)
    {
        if (!RequestTenant.TryGet(request, out var tenant, out var problem) || !ReportQuery.TryRead(request, ReportWindow.All, out var query, out problem))
        {
            return problem!;
        }
        ModelDecayReport report;
        try
        {
            report = await reports.BuildAsync(tenant, model, query.Version, query.Window, cancellationToken);
        }
        catch (ReportNotFoundException ex)
        {
            return ProblemResults.NotFound(ex.Message);
        }
        return query.Html
            ? Results.Content(DecayReportHtml.Render(report), "text/html; charset=utf-8")
            : Results.Content(ReportJson.Serialize(report), "application/json; charset=utf-8");
    }
}
