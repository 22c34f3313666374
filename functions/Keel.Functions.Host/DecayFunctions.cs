using Keel.Functions.Handlers;
using Keel.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using static Keel.Functions.FunctionCatalog;

namespace Keel.Functions.Host;

/// <summary>Decay tracking: the Dapr push targets of the predictions and feedback topics.</summary>
public sealed class DecayFunctions(DaprPush push)
{
    [Function(Names.TrackDecayPredictions)]
    public Task<IResult> TrackDecayPredictions(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.TrackDecayPredictionsPush)] HttpRequest request, CancellationToken cancellationToken) =>
        HandlerInvoker.InvokeAsync(request.HttpContext, Names.TrackDecayPredictions, () => push.DeliverAsync(Names.TrackDecayPredictions, request, cancellationToken));

    [Function(Names.TrackDecayFeedback)]
    public Task<IResult> TrackDecayFeedback(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.TrackDecayFeedbackPush)] HttpRequest request, CancellationToken cancellationToken) =>
        HandlerInvoker.InvokeAsync(request.HttpContext, Names.TrackDecayFeedback, () => push.DeliverAsync(Names.TrackDecayFeedback, request, cancellationToken));
}
