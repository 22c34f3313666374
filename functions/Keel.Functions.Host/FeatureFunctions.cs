using Keel.Functions.Handlers;
using Keel.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using static Keel.Functions.FunctionCatalog;

namespace Keel.Functions.Host;

/// <summary>HTTP triggers of the feature store: registry, online reads, training sets, on-demand materialization.</summary>
public sealed class FeatureFunctions(
    ReadOnlineFeatures online,
    ApplyFeatureRepository apply,
    ListFeatures list,
    BuildTrainingSet trainingSet,
    MaterializeFeatureRange materializeRange)
{
    [Function(Names.ReadOnlineFeatures)]
    public Task<IResult> ReadOnlineFeatures(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.OnlineFeatures)] HttpRequest request, CancellationToken cancellationToken) =>
        HandlerInvoker.InvokeAsync(request.HttpContext, Names.ReadOnlineFeatures, () => online.HandleAsync(request, cancellationToken));

    [Function(Names.ApplyFeatureRepository)]
    public Task<IResult> ApplyFeatureRepository(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.ApplyRepository)] HttpRequest request, CancellationToken cancellationToken) =>
        HandlerInvoker.InvokeAsync(request.HttpContext, Names.ApplyFeatureRepository, () => apply.HandleAsync(request, cancellationToken));

    [Function(Names.ListFeatures)]
    public Task<IResult> ListFeatures(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.ListFeatures)] HttpRequest request, CancellationToken cancellationToken) =>
        HandlerInvoker.InvokeAsync(request.HttpContext, Names.ListFeatures, () => list.HandleAsync(request, cancellationToken));

    [Function(Names.BuildTrainingSet)]
    public Task<IResult> BuildTrainingSet(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.TrainingSet)] HttpRequest request, CancellationToken cancellationToken) =>
        HandlerInvoker.InvokeAsync(request.HttpContext, Names.BuildTrainingSet, () => trainingSet.HandleAsync(request, cancellationToken));

    [Function(Names.MaterializeFeatureRangeNow)]
    public Task<IResult> MaterializeFeatureRangeNow(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.MaterializeRange)] HttpRequest request, CancellationToken cancellationToken) =>
        HandlerInvoker.InvokeAsync(request.HttpContext, Names.MaterializeFeatureRangeNow, () => materializeRange.HandleAsync(request, cancellationToken));
}
