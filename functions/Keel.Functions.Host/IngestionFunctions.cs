using Keel.Functions.Handlers;
using Keel.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using static Keel.Functions.FunctionCatalog;

namespace Keel.Functions.Host;

/// <summary>HTTP triggers of ingestion.</summary>
public sealed class IngestionFunctions(IngestEvents ingest)
{
    [Function(Names.IngestEvents)]
    public Task<IResult> IngestEvents(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.Events)] HttpRequest request, CancellationToken cancellationToken) =>
        HandlerInvoker.InvokeAsync(request.HttpContext, Names.IngestEvents, () => ingest.HandleAsync(request, cancellationToken));
}
