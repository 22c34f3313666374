using Keel.Functions.Handlers;
using Keel.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using static Keel.Functions.FunctionCatalog;

namespace Keel.Functions.Host;

/// <summary>FinOps reports and the ledger's feeds: attribution queries, idle endpoints, the costs topic and hourly storage metering.</summary>
public sealed class CostReportFunctions(GetCostReport report, GetCostPerPrediction perPrediction, ListIdleEndpoints idle, MeterStorage storage, DaprPush push)
{
    [Function(Names.GetCostReport)]
    public Task<IResult> GetCostReport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.CostReport)] HttpRequest request, CancellationToken cancellationToken) =>
        HandlerInvoker.InvokeAsync(request.HttpContext, Names.GetCostReport, () => report.HandleAsync(request, cancellationToken));

    [Function(Names.GetCostPerPrediction)]
    public Task<IResult> GetCostPerPrediction(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.CostPerPrediction)] HttpRequest request, CancellationToken cancellationToken) =>
        HandlerInvoker.InvokeAsync(request.HttpContext, Names.GetCostPerPrediction, () => perPrediction.HandleAsync(request, cancellationToken));

    [Function(Names.ListIdleEndpoints)]
    public Task<IResult> ListIdleEndpoints(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.IdleEndpoints)] HttpRequest request, CancellationToken cancellationToken) =>
        HandlerInvoker.InvokeAsync(request.HttpContext, Names.ListIdleEndpoints, () => idle.HandleAsync(request, cancellationToken));

    [Function(Names.RecordCosts)]
    public Task<IResult> RecordCosts(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.RecordCostsPush)] HttpRequest request, CancellationToken cancellationToken) =>
        HandlerInvoker.InvokeAsync(request.HttpContext, Names.RecordCosts, () => push.DeliverAsync(Names.RecordCosts, request, cancellationToken));

    [Function(Names.MeterStorage)]
    public Task MeterStorage([TimerTrigger(Handlers.MeterStorage.Schedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        storage.RunScheduledAsync(cancellationToken);
}
