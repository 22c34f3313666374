using Keel.Functions.Http;
using Keel.Serving.Protocol;
using Keel.Serving.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using Keel.Storage.Artifacts;
using Keel.Security.Authorization;
using Keel.Security.Permissions;

namespace Keel.Serving.Host.Apis;

/// <summary>
/// Operating the service: what is loaded, and loading or swapping a version at runtime. Keel's
/// own API, so errors are RFC 9457 problems. Public so that <c>keel up</c> maps the same routes.
/// </summary>
public static class ServingAdminEndpoints
{
    public static IEndpointRouteBuilder MapKeelServingAdmin(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/serving").WithTags("Serving");
        group.MapGet("/models", (HttpRequest request, ModelHost host) =>
            RequestTenant.TryGet(request, out var tenant, out var problem)
                ? Results.Ok(host.List().Where(v => v.Tenant == tenant).Select(Describe))
                : problem!).RequirePermission(Permission.ReadModels);
        group.MapPost("/models/{name}/load", LoadAsync).RequirePermission(Permission.Deploy);
        return routes;
    }

    private static async Task<IResult> LoadAsync(HttpRequest request, ModelHost host, ILoggerFactory loggers, string name)
    {
        if (!RequestTenant.TryGet(request, out var tenant, out var problem) || !RequestActor.TryGet(request, out var actor, out problem))
        {
            return problem!;
        }
        var (body, bad) = await JsonRequest.ReadAsync<LoadRequest>(request, "load request", request.HttpContext.RequestAborted);
        if (bad is not null)
        {
            return bad;
        }
        try
        {
            var loaded = await host.LoadAsync(tenant, name, body?.Version, body?.MakeCurrent ?? true, request.HttpContext.RequestAborted);
            loggers.CreateLogger(typeof(ServingAdminEndpoints)).LogInformation("{Actor} loaded {Model} version {Version} for {Tenant} (current: {Current})",
                actor, name, loaded.Version, tenant, loaded.IsCurrent);
            return Results.Ok(Describe(loaded));
        }
        catch (ModelNotFoundException ex)
        {
            return ProblemResults.NotFound(ex.Message);
        }
        catch (Exception ex) when (ex is NotSupportedException or OnnxRuntimeException or ArtifactNotFoundException)
        {
            // The version exists but its artifact is missing or is not a model ONNX Runtime can serve.
            return ProblemResults.BadRequest("Model cannot be served", ex.Message);
        }
    }

    private static object Describe(LoadedVersion v) => new
    {
        tenant = v.Tenant,
        model = v.Model,
        version = v.Version,
        artifactSha256 = v.ArtifactSha256,
        current = v.IsCurrent,
        loadedAt = v.LoadedAt,
        executionProvider = v.ExecutionProvider,
        queueDepth = v.QueueDepth,
        peakQueueDepth = v.PeakQueueDepth,
        queueCapacity = v.QueueCapacity,
        batchable = v.Signature.Batchable,
    };

    /// <summary>The version to load (default: the champion, else the Production version) and whether it becomes current (default true).</summary>
    public sealed record LoadRequest(int? Version, bool? MakeCurrent);
}
