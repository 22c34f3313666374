using Keel.Functions.Handlers;
using Keel.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using static Keel.Functions.FunctionCatalog;

namespace Keel.Functions.Host;

/// <summary>Off-peak batch scoring: the scheduled tick and the start-now route.</summary>
public sealed class BatchScoringFunctions(ScoreBatch scoreBatch)
{
    [Function(Names.ScoreBatch)]
    public Task<IResult> ScoreBatch(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.BatchScoring)] HttpRequest request, CancellationToken cancellationToken) =>
        HandlerInvoker.InvokeAsync(request.HttpContext, Names.ScoreBatch, () => scoreBatch.HandleAsync(request, cancellationToken));

    [Function(Names.ScoreBatches)]
    public Task ScoreBatches([TimerTrigger(Schedules.ScoreBatches)] TimerInfo timer, CancellationToken cancellationToken) =>
        scoreBatch.RunScheduledAsync(cancellationToken);
}
