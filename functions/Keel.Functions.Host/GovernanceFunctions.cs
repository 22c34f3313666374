using Keel.Functions.Handlers;
using Keel.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using static Keel.Functions.FunctionCatalog;

namespace Keel.Functions.Host;

/// <summary>Governance: the answer for one prediction, and the push target that indexes predictions for it.</summary>
public sealed class GovernanceFunctions(GetPredictionGovernance governance, DaprPush push)
{
    [Function(Names.GetPredictionGovernance)]
    public Task<IResult> GetPredictionGovernance(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.PredictionGovernance)] HttpRequest request, string id, CancellationToken cancellationToken) =>
        HandlerInvoker.InvokeAsync(request.HttpContext, Names.GetPredictionGovernance, () => governance.HandleAsync(request, id, cancellationToken));

    [Function(Names.IndexPredictions)]
    public Task<IResult> IndexPredictions(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.IndexPredictionsPush)] HttpRequest request, CancellationToken cancellationToken) =>
        HandlerInvoker.InvokeAsync(request.HttpContext, Names.IndexPredictions, () => push.DeliverAsync(Names.IndexPredictions, request, cancellationToken));
}
