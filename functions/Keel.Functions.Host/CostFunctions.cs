using Keel.Functions.Handlers;
using Keel.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using static Keel.Functions.FunctionCatalog;

namespace Keel.Functions.Host;

/// <summary>FinOps: the Dapr push target of the metered-cost topic.</summary>
public sealed class CostFunctions(DaprPush push)
{
    [Function(Names.DetectCostAnomaly)]
    public Task<IResult> DetectCostAnomaly(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.DetectCostAnomalyPush)] HttpRequest request, CancellationToken cancellationToken) =>
        HandlerInvoker.InvokeAsync(request.HttpContext, Names.DetectCostAnomaly, () => push.DeliverAsync(Names.DetectCostAnomaly, request, cancellationToken));
}
