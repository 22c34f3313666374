using System.Globalization;
using Keel.Functions.Http;
using Keel.Serving.Deployments;
using Keel.Serving.Protocol;
using Keel.Serving.Runtime;
using Keel.Storage.Artifacts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using Keel.Security.Authorization;
using Keel.Security.Permissions;

namespace Keel.Serving.Host.Apis;

/// <summary>
/// A model's deployment plan: how its traffic is split between versions (weights, sticky or weighted,
/// shadows) and the latest canary analysis. A change names the revision it was based on (<c>If-Match</c>
/// or <c>expectedRevision</c>) and is refused with 409 when the plan moved on meanwhile, so two people (or
/// a person and a canary rollout) never overwrite each other unseen. Public so <c>keel up</c> maps it too.
/// </summary>
public static class DeploymentEndpoints
{
    public static IEndpointRouteBuilder MapKeelDeployments(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/deployments").WithTags("Deployments");
        group.MapGet("/{model}", Get).RequirePermission(Permission.ReadDeployments);
        group.MapPut("/{model}", PutAsync).RequirePermission(Permission.Deploy);
        group.MapDelete("/{model}", Delete).RequirePermission(Permission.Deploy);
        return routes;
    }

    /// <summary>The body of a PUT: the variants and mode; the revision it replaces, unless <c>If-Match</c> says it.</summary>
    public sealed record PlanRequest(RoutingMode? Mode, IReadOnlyList<DeploymentVariant>? Variants, long? ExpectedRevision = null, string? WorkflowInstanceId = null);

    private static IResult Get(HttpContext http, string model, IDeploymentPlanStore plans, CanaryAnalyses analyses)
    {
        if (!RequestTenant.TryGet(http.Request, out var tenant, out var problem))
        {
            return problem!;
        }
        var plan = plans.Get(tenant, model)?.Plan;
        var analysis = analyses.Latest(tenant, model);
        if (plan is null && analysis is null)
        {
            return ProblemResults.NotFound($"The model '{model}' has no deployment plan: its current version serves all requests.");
        }
        return Answer(http, plan, analysis);
    }

    private static async Task<IResult> PutAsync(HttpContext http, string model, IDeploymentPlanStore plans, CanaryAnalyses analyses, VariantObservationStore observations, ModelHost host, ILoggerFactory loggers)
    {
        var request = http.Request;
        if (!RequestTenant.TryGet(request, out var tenant, out var problem) || !RequestActor.TryGet(request, out var actor, out problem))
        {
            return problem!;
        }
        var (body, bad) = await JsonRequest.ReadAsync<PlanRequest>(request, "deployment plan", http.RequestAborted);
        if (bad is not null)
        {
            return bad;
        }
        if (!TryExpectedRevision(request, body?.ExpectedRevision, out var expected, out problem))
        {
            return problem!;
        }
        var plan = new DeploymentPlan(tenant, model, body?.Mode ?? RoutingMode.Weighted, body?.Variants!) { UpdatedBy = actor, WorkflowInstanceId = body?.WorkflowInstanceId };
        var errors = DeploymentPlanValidator.Validate(plan);
        if (errors.Count > 0)
        {
            return Invalid(new InvalidDeploymentPlanException(model, errors));
        }
        var stored = plans.Get(tenant, model)?.Plan.Revision ?? 0;
        if (expected is { } revision && revision != stored)
        {
            return ProblemResults.Conflict(new PlanConflictException(tenant, model, revision, stored).Message);
        }
        try
        {
            // Every version the plan names is loaded before the plan can route a request to it.
            foreach (var version in plan.Variants.Select(v => v.Version).Distinct())
            {
                await host.LoadAsync(tenant, model, version, makeCurrent: false, http.RequestAborted);
            }
            var saved = plans.Save(plan, expected);
            observations.Reset(tenant, model);
            loggers.CreateLogger(typeof(DeploymentEndpoints)).LogInformation("{Actor} set the deployment plan of {Model} for {Tenant} to revision {Revision}: {Variants}",
                actor, model, tenant, saved.Revision, string.Join(", ", saved.Variants.Select(v => $"{v.Name}=v{v.Version} {v.Role} {v.Weight.ToString(CultureInfo.InvariantCulture)}")));
            return Answer(http, saved, analyses.Latest(tenant, model));
        }
        catch (PlanConflictException ex)
        {
            return ProblemResults.Conflict(ex.Message);
        }
        catch (InvalidDeploymentPlanException ex)
        {
            return Invalid(ex);
        }
        catch (ModelNotFoundException ex)
        {
            return ProblemResults.BadRequest("Unknown model version", ex.Message);
        }
        catch (Exception ex) when (ex is NotSupportedException or OnnxRuntimeException or ArtifactNotFoundException)
        {
            return ProblemResults.BadRequest("Model cannot be served", ex.Message);
        }
    }

    private static IResult Delete(HttpContext http, string model, IDeploymentPlanStore plans, VariantObservationStore observations, ILoggerFactory loggers)
    {
        if (!RequestTenant.TryGet(http.Request, out var tenant, out var problem) || !RequestActor.TryGet(http.Request, out var actor, out problem))
        {
            return problem!;
        }
        if (!TryExpectedRevision(http.Request, null, out var expected, out problem))
        {
            return problem!;
        }
        try
        {
            if (!plans.Remove(tenant, model, expected))
            {
                return ProblemResults.NotFound($"The model '{model}' has no deployment plan.");
            }
        }
        catch (PlanConflictException ex)
        {
            return ProblemResults.Conflict(ex.Message);
        }
        observations.Reset(tenant, model);
        loggers.CreateLogger(typeof(DeploymentEndpoints)).LogInformation("{Actor} removed the deployment plan of {Model} for {Tenant}", actor, model, tenant);
        return Results.NoContent();
    }

    private static IResult Answer(HttpContext http, DeploymentPlan? plan, CanaryAnalysis? analysis)
    {
        if (plan is not null)
        {
            http.Response.Headers.ETag = $"\"{plan.Revision.ToString(CultureInfo.InvariantCulture)}\"";
        }
        return Results.Json(new { plan, canary = analysis }, DeploymentJson.Options);
    }

    private static IResult Invalid(InvalidDeploymentPlanException ex) =>
        ProblemResults.BadRequest("Invalid deployment plan", ex.Message, new Dictionary<string, object?> { ["errors"] = ex.ToDictionary() });

    /// <summary>The revision from <c>If-Match: "3"</c> or the body; both may be given only when they agree.</summary>
    private static bool TryExpectedRevision(HttpRequest request, long? fromBody, out long? expected, out IResult? problem)
    {
        expected = fromBody;
        problem = null;
        var header = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(header))
        {
            return true;
        }
        if (!long.TryParse(header.Trim().Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var revision))
        {
            problem = ProblemResults.BadRequest("Invalid If-Match", $"If-Match: a plan revision in quotes, as the ETag gives it (was {header}).");
            return false;
        }
        if (fromBody is { } body && body != revision)
        {
            problem = ProblemResults.BadRequest("Invalid request", $"expectedRevision ({body}) and If-Match ({revision}) disagree.");
            return false;
        }
        expected = revision;
        return true;
    }
}
