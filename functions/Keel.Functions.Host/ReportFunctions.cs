using Keel.Functions.Handlers;
using Keel.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using static Keel.Functions.FunctionCatalog;

namespace Keel.Functions.Host;

/// <summary>HTTP triggers of the drift and decay reports.</summary>
public sealed class ReportFunctions(GetDriftReport driftReport, GetDecayReport decayReport)
{
    [Function(Names.GetDriftReport)]
    public Task<IResult> GetDriftReport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.DriftReport)] HttpRequest request, string model, CancellationToken cancellationToken) =>
        HandlerInvoker.InvokeAsync(request.HttpContext, Names.GetDriftReport, () => driftReport.HandleAsync(request, model, cancellationToken));

    [Function(Names.GetDecayReport)]
    public Task<IResult> GetDecayReport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.DecayReport)] HttpRequest request, string model, CancellationToken cancellationToken) =>
        HandlerInvoker.InvokeAsync(request.HttpContext, Names.GetDecayReport, () => decayReport.HandleAsync(request, model, cancellationToken));
}
