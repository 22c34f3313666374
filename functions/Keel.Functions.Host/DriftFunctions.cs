using Keel.Functions.Handlers;
using Keel.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using static Keel.Functions.FunctionCatalog;

namespace Keel.Functions.Host;

/// <summary>Drift monitoring: the Dapr push target of the predictions topic (Dapr's Kafka pub/sub posts each prediction here).</summary>
public sealed class DriftFunctions(DaprPush push)
{
    [Function(Names.DetectDrift)]
    public Task<IResult> DetectDrift(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.DetectDriftPush)] HttpRequest request, CancellationToken cancellationToken) =>
        HandlerInvoker.InvokeAsync(request.HttpContext, Names.DetectDrift, () => push.DeliverAsync(Names.DetectDrift, request, cancellationToken));
}
