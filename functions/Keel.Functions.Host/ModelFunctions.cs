using Keel.Functions.Handlers;
using Keel.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using static Keel.Functions.FunctionCatalog;

namespace Keel.Functions.Host;

/// <summary>HTTP triggers of experiment tracking and the model registry.</summary>
public sealed class ModelFunctions(
    ListRuns listRuns,
    GetRun getRun,
    ListModels listModels,
    GetModel getModel,
    GetModelVersion getVersion,
    TransitionModelVersion transition,
    SetModelAlias setAlias,
    GetModelArtifact getArtifact)
{
    [Function(Names.ListRuns)]
    public Task<IResult> ListRuns(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Runs)] HttpRequest request, CancellationToken cancellationToken) =>
        HandlerInvoker.InvokeAsync(request.HttpContext, Names.ListRuns, () => listRuns.HandleAsync(request, cancellationToken));

    [Function(Names.GetRun)]
    public Task<IResult> GetRun(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Run)] HttpRequest request, string id, CancellationToken cancellationToken) =>
        HandlerInvoker.InvokeAsync(request.HttpContext, Names.GetRun, () => getRun.HandleAsync(request, id, cancellationToken));

    [Function(Names.ListModels)]
    public Task<IResult> ListModels(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Models)] HttpRequest request, CancellationToken cancellationToken) =>
        HandlerInvoker.InvokeAsync(request.HttpContext, Names.ListModels, () => listModels.HandleAsync(request, cancellationToken));

    [Function(Names.GetModel)]
    public Task<IResult> GetModel(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Model)] HttpRequest request, string name, CancellationToken cancellationToken) =>
        HandlerInvoker.InvokeAsync(request.HttpContext, Names.GetModel, () => getModel.HandleAsync(request, name, cancellationToken));

    [Function(Names.GetModelVersion)]
    public Task<IResult> GetModelVersion(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.ModelVersion)] HttpRequest request, string name, int version, CancellationToken cancellationToken) =>
        HandlerInvoker.InvokeAsync(request.HttpContext, Names.GetModelVersion, () => getVersion.HandleAsync(request, name, version, cancellationToken));

    [Function(Names.TransitionModelVersion)]
    public Task<IResult> TransitionModelVersion(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.ModelVersionStage)] HttpRequest request, string name, int version, CancellationToken cancellationToken) =>
        HandlerInvoker.InvokeAsync(request.HttpContext, Names.TransitionModelVersion, () => transition.HandleAsync(request, name, version, cancellationToken));

    [Function(Names.SetModelAlias)]
    public Task<IResult> SetModelAlias(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.ModelAlias)] HttpRequest request, string name, string alias, CancellationToken cancellationToken) =>
        HandlerInvoker.InvokeAsync(request.HttpContext, Names.SetModelAlias, () => setAlias.HandleAsync(request, name, alias, cancellationToken));

    [Function(Names.GetModelArtifact)]
    public Task<IResult> GetModelArtifact(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.ModelArtifact)] HttpRequest request, string name, int version, string artifact, CancellationToken cancellationToken) =>
        HandlerInvoker.InvokeAsync(request.HttpContext, Names.GetModelArtifact, () => getArtifact.HandleAsync(request, name, version, artifact, cancellationToken));
}
