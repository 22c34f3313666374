using Keel.Functions.Handlers;
using Keel.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using static Keel.Functions.FunctionCatalog;

namespace Keel.Functions.Host;

/// <summary>HTTP trigger of prediction feedback (the labels decay tracking joins to predictions).</summary>
public sealed class FeedbackFunctions(RecordFeedback recordFeedback)
{
    [Function(Names.RecordFeedback)]
    public Task<IResult> RecordFeedback(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.Feedback)] HttpRequest request, CancellationToken cancellationToken) =>
        HandlerInvoker.InvokeAsync(request.HttpContext, Names.RecordFeedback, () => recordFeedback.HandleAsync(request, cancellationToken));
}
