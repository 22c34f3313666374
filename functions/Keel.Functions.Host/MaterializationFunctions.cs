using Keel.Functions.Handlers;
using Keel.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using static Keel.Functions.FunctionCatalog;

namespace Keel.Functions.Host;

/// <summary>
/// Materialization: the Dapr push target of the records topic (Dapr's Kafka pub/sub posts each
/// event here) and the Timer trigger that loads the online store from the offline store.
/// </summary>
public sealed class MaterializationFunctions(DaprPush push, MaterializeFeatureRange range, ILogger<MaterializationFunctions> logger)
{
    [Function(Names.MaterializeFeatures)]
    public Task<IResult> MaterializeFeatures(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.MaterializeFeaturesPush)] HttpRequest request, CancellationToken cancellationToken) =>
        HandlerInvoker.InvokeAsync(request.HttpContext, Names.MaterializeFeatures, () => push.DeliverAsync(Names.MaterializeFeatures, request, cancellationToken));

    [Function(Names.MaterializeFeatureRange)]
    public async Task MaterializeFeatureRange([TimerTrigger(Schedules.MaterializeFeatureRange)] TimerInfo timer, CancellationToken cancellationToken)
    {
        var result = await range.RunScheduledAsync(cancellationToken);
        logger.LogInformation("Scheduled materialization loaded {Rows} entities into the online store across {Views} views", result.Rows, result.Views.Count);
    }
}
