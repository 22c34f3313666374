using Keel.Functions.Handlers;
using Keel.Functions.Http;
using Keel.Security.Authorization;
using Keel.Security.Permissions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Keel.Functions.Embedded;

/// <summary>
/// Maps every HTTP-triggered function of the catalogue, and the push routes of topic-triggered
/// ones, onto Kestrel — the same routes the Azure Functions host serves.
/// </summary>
public static class EmbeddedEndpoints
{
    private delegate Task<IResult> Handler(IServiceProvider services, HttpRequest request, CancellationToken cancellationToken);

    private static readonly Dictionary<string, Handler> Handlers = new()
    {
        [FunctionCatalog.Names.IngestEvents] = (s, r, c) => s.GetRequiredService<IngestEvents>().HandleAsync(r, c),
        [FunctionCatalog.Names.ReadOnlineFeatures] = (s, r, c) => s.GetRequiredService<ReadOnlineFeatures>().HandleAsync(r, c),
        [FunctionCatalog.Names.ApplyFeatureRepository] = (s, r, c) => s.GetRequiredService<ApplyFeatureRepository>().HandleAsync(r, c),
        [FunctionCatalog.Names.ListFeatures] = (s, r, c) => s.GetRequiredService<ListFeatures>().HandleAsync(r, c),
        [FunctionCatalog.Names.BuildTrainingSet] = (s, r, c) => s.GetRequiredService<BuildTrainingSet>().HandleAsync(r, c),
        [FunctionCatalog.Names.MaterializeFeatureRangeNow] = (s, r, c) => s.GetRequiredService<MaterializeFeatureRange>().HandleAsync(r, c),
        [FunctionCatalog.Names.MaterializeFeatures] = (s, r, c) => s.GetRequiredService<DaprPush>().DeliverAsync(FunctionCatalog.Names.MaterializeFeatures, r, c),
        [FunctionCatalog.Names.DetectDrift] = (s, r, c) => s.GetRequiredService<DaprPush>().DeliverAsync(FunctionCatalog.Names.DetectDrift, r, c),
        [FunctionCatalog.Names.ListRuns] = (s, r, c) => s.GetRequiredService<ListRuns>().HandleAsync(r, c),
        [FunctionCatalog.Names.GetRun] = (s, r, c) => s.GetRequiredService<GetRun>().HandleAsync(r, Route(r, "id"), c),
        [FunctionCatalog.Names.ListModels] = (s, r, c) => s.GetRequiredService<ListModels>().HandleAsync(r, c),
        [FunctionCatalog.Names.GetModel] = (s, r, c) => s.GetRequiredService<GetModel>().HandleAsync(r, Route(r, "name"), c),
        [FunctionCatalog.Names.GetModelVersion] = (s, r, c) => s.GetRequiredService<GetModelVersion>().HandleAsync(r, Route(r, "name"), Version(r), c),
        [FunctionCatalog.Names.TransitionModelVersion] = (s, r, c) => s.GetRequiredService<TransitionModelVersion>().HandleAsync(r, Route(r, "name"), Version(r), c),
        [FunctionCatalog.Names.SetModelAlias] = (s, r, c) => s.GetRequiredService<SetModelAlias>().HandleAsync(r, Route(r, "name"), Route(r, "alias"), c),
        [FunctionCatalog.Names.GetModelArtifact] = (s, r, c) => s.GetRequiredService<GetModelArtifact>().HandleAsync(r, Route(r, "name"), Version(r), Route(r, "artifact"), c),
        [FunctionCatalog.Names.RecordFeedback] = (s, r, c) => s.GetRequiredService<RecordFeedback>().HandleAsync(r, c),
        [FunctionCatalog.Names.GetDriftReport] = (s, r, c) => s.GetRequiredService<GetDriftReport>().HandleAsync(r, Route(r, "model"), c),
        [FunctionCatalog.Names.GetDecayReport] = (s, r, c) => s.GetRequiredService<GetDecayReport>().HandleAsync(r, Route(r, "model"), c),
        [FunctionCatalog.Names.ExportAudit] = (s, r, c) => s.GetRequiredService<ExportAudit>().HandleAsync(r, c),
        [FunctionCatalog.Names.ShowAuditEntries] = (s, r, c) => s.GetRequiredService<ShowAuditEntries>().HandleAsync(r, c),
        [FunctionCatalog.Names.GetPredictionGovernance] = (s, r, c) => s.GetRequiredService<GetPredictionGovernance>().HandleAsync(r, Route(r, "id"), c),
        [FunctionCatalog.Names.GetCostReport] = (s, r, c) => s.GetRequiredService<GetCostReport>().HandleAsync(r, c),
        [FunctionCatalog.Names.GetCostPerPrediction] = (s, r, c) => s.GetRequiredService<GetCostPerPrediction>().HandleAsync(r, c),
        [FunctionCatalog.Names.ListIdleEndpoints] = (s, r, c) => s.GetRequiredService<ListIdleEndpoints>().HandleAsync(r, c),
        [FunctionCatalog.Names.RecordCosts] = (s, r, c) => s.GetRequiredService<DaprPush>().DeliverAsync(FunctionCatalog.Names.RecordCosts, r, c),
        [FunctionCatalog.Names.ApplyRetentionNow] = (s, r, c) => s.GetRequiredService<ApplyRetention>().HandleAsync(r, c),
        [FunctionCatalog.Names.ScoreBatch] = (s, r, c) => s.GetRequiredService<ScoreBatch>().HandleAsync(r, c),
        [FunctionCatalog.Names.DetectCostAnomaly] = (s, r, c) => s.GetRequiredService<DaprPush>().DeliverAsync(FunctionCatalog.Names.DetectCostAnomaly, r, c),
        [FunctionCatalog.Names.IndexPredictions] = (s, r, c) => s.GetRequiredService<DaprPush>().DeliverAsync(FunctionCatalog.Names.IndexPredictions, r, c),
        [FunctionCatalog.Names.TrackDecayPredictions] = (s, r, c) => s.GetRequiredService<DaprPush>().DeliverAsync(FunctionCatalog.Names.TrackDecayPredictions, r, c),
        [FunctionCatalog.Names.TrackDecayFeedback] = (s, r, c) => s.GetRequiredService<DaprPush>().DeliverAsync(FunctionCatalog.Names.TrackDecayFeedback, r, c),
    };

    private static string Route(HttpRequest request, string name) => (string)request.RouteValues[name]!;

    // The route constraint {version:int} has already refused anything that is not a number.
    private static int Version(HttpRequest request) => int.Parse(Route(request, "version"), System.Globalization.CultureInfo.InvariantCulture);

    public static IEndpointRouteBuilder MapKeelFunctions(this IEndpointRouteBuilder endpoints)
    {
        foreach (var function in FunctionCatalog.All)
        {
            switch (function)
            {
                case HttpFunction http:
                    Map(endpoints, http.Name, http.Method, http.Path).RequirePermission(http.Permission);
                    break;
                case TopicFunction topic:
                    Map(endpoints, topic.Name, "POST", topic.PushPath).RequirePermission(Permission.DeliverEvents);
                    break;
            }
        }
        return endpoints;
    }

    private static RouteHandlerBuilder Map(IEndpointRouteBuilder endpoints, string name, string method, string path)
    {
        if (!Handlers.TryGetValue(name, out var handler))
        {
            throw new InvalidOperationException($"Function {name} is in the catalogue but has no HTTP handler in the embedded host.");
        }
        // A Delegate (not a RequestDelegate) so that the returned IResult is written to the response.
        Delegate endpoint = (HttpContext context) =>
            HandlerInvoker.InvokeAsync(context, name, () => handler(context.RequestServices, context.Request, context.RequestAborted));
        return endpoints.MapMethods(path, [method], endpoint).WithName(name);
    }
}
