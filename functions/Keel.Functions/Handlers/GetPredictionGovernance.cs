using Keel.Functions.Http;
using Keel.Governance;
using Microsoft.AspNetCore.Http;

namespace Keel.Functions.Handlers;

/// <summary>
/// <c>GET /api/predictions/{id}/governance?format=json|html</c>: one answer for one prediction — the
/// model version and its gate verdicts, who requested and approved it, the training data's hash, and
/// the prediction's explanation. Another tenant's prediction answers 404, as a missing one does.
/// </summary>
public sealed class GetPredictionGovernance(PredictionGovernance governance)
{
    public async Task<IResult> HandleAsync(HttpRequest request, string id, CancellationToken cancellationToken)
    {
        if (!RequestTenant.TryGet(request, out var tenant, out var problem))
        {
            return problem!;
        }
        var answer = await governance.AnswerAsync(tenant, id, cancellationToken);
        if (answer is null)
        {
            return ProblemResults.NotFound($"No prediction '{id}' (or it is past its retention).");
        }
        return string.Equals(request.Query["format"].FirstOrDefault(), "html", StringComparison.OrdinalIgnoreCase)
            ? Results.Content(GovernanceAnswerHtml.Render(answer), "text/html; charset=utf-8")
            : Results.Content(GovernanceAnswerJson.Serialize(answer), "application/json; charset=utf-8");
    }
}
