using Keel.Functions.Http;
using Keel.Gates;
using Keel.Hardening.Names;
using Keel.Lifecycle;
using Keel.Training;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Keel.Security.Authorization;
using Keel.Security.Permissions;

namespace Keel.Workflows.Api;

/// <summary>
/// The life cycle's HTTP API, the same in the workflows app and in <c>keel up</c>: start a training or
/// a retraining, follow instances, approve or reject a version, and rebuild a version from its lineage.
/// Instances of another tenant answer 404 as if they did not exist.
/// </summary>
public static class WorkflowEndpoints
{
    public static IEndpointRouteBuilder MapKeelWorkflowApi(this IEndpointRouteBuilder routes)
    {
        var workflows = routes.MapGroup("/api/workflows");
        workflows.MapPost("/training", (HttpContext http, IWorkflowGateway gateway, CancellationToken ct) =>
            HandlerInvoker.InvokeAsync(http, "StartTraining", () => StartTrainingAsync(http.Request, gateway, ct))).WithName("StartTraining").RequirePermission(Permission.Train);
        workflows.MapPost("/retrain", (HttpContext http, IWorkflowGateway gateway, CancellationToken ct) =>
            HandlerInvoker.InvokeAsync(http, "StartRetrain", () => StartRetrainAsync(http.Request, gateway, ct))).WithName("StartRetrain").RequirePermission(Permission.Train);
        workflows.MapGet("/", (HttpContext http, IWorkflowGateway gateway, int? limit, CancellationToken ct) =>
            HandlerInvoker.InvokeAsync(http, "ListWorkflows", () => ListAsync(http.Request, gateway, limit ?? 50, ct))).WithName("ListWorkflows").RequirePermission(Permission.ReadWorkflows);
        workflows.MapGet("/{instanceId}", (string instanceId, HttpContext http, IWorkflowGateway gateway, CancellationToken ct) =>
            HandlerInvoker.InvokeAsync(http, "GetWorkflow", () => GetAsync(instanceId, http.Request, gateway, ct))).WithName("GetWorkflow").RequirePermission(Permission.ReadWorkflows);
        workflows.MapGet("/{instanceId}/history", (string instanceId, HttpContext http, IWorkflowGateway gateway, CancellationToken ct) =>
            HandlerInvoker.InvokeAsync(http, "GetWorkflowHistory", () => HistoryAsync(instanceId, http.Request, gateway, ct))).WithName("GetWorkflowHistory").RequirePermission(Permission.ReadWorkflows);
        workflows.MapPost("/{instanceId}/approval", (string instanceId, HttpContext http, IWorkflowGateway gateway, CancellationToken ct) =>
            HandlerInvoker.InvokeAsync(http, "DecideApproval", () => DecideAsync(instanceId, http.Request, gateway, ct))).WithName("DecideApproval").RequirePermission(Permission.Approve);
        routes.MapPost("/api/models/{name}/versions/{version:int}/rebuild", (string name, int version, HttpContext http, LineageRebuild rebuild, CancellationToken ct) =>
            HandlerInvoker.InvokeAsync(http, "RebuildFromLineage", () => RebuildAsync(name, version, http.Request, rebuild, ct))).WithName("RebuildFromLineage").RequirePermission(Permission.Train);
        return routes;
    }

    private static async Task<IResult> StartTrainingAsync(HttpRequest request, IWorkflowGateway gateway, CancellationToken ct)
    {
        if (!RequestTenant.TryGet(request, out var tenant, out var problem))
        {
            return problem!;
        }
        var (body, invalid) = await JsonRequest.ReadAsync<StartTrainingRequest>(request, "training request", ct);
        if (invalid is not null)
        {
            return invalid;
        }
        if (string.IsNullOrWhiteSpace(body?.Spec))
        {
            return ProblemResults.BadRequest("Malformed request", "spec: the training spec as YAML or JSON text is required.");
        }
        if (!Requester(request, body.RequestedBy, "requestedBy", out var requestedBy, out var refused))
        {
            return refused!;
        }
        if (body.Canary?.Problem() is { } canaryProblem)
        {
            return ProblemResults.BadRequest("Invalid canary", canaryProblem);
        }
        // A spec that cannot be trained is answered now, naming the field, rather than by an instance that ends invalid.
        TrainingSpec spec;
        try
        {
            spec = TrainingSpecFile.Parse(body.Spec, "spec");
        }
        catch (TrainingSpecException ex)
        {
            return ProblemResults.BadRequest("Invalid training spec", ex.Message);
        }
        var problems = SpecRequirements.ProblemsOf(spec, request.HttpContext.RequestServices.GetRequiredService<GateRunner>());
        if (problems.Count > 0)
        {
            return ProblemResults.BadRequest("Invalid training spec", string.Join("; ", problems),
                new Dictionary<string, object?> { ["errors"] = problems });
        }
        return await StartAsync(gateway, nameof(TrainValidateRegisterDeploy), body.InstanceId, new TrainingRequest(body.Spec, requestedBy)
        {
            Tenant = tenant,
            ApprovalTimeout = body.ApprovalTimeout,
            Reason = body.Reason,
            Canary = body.Canary,
        }, id => id, ct);
    }

    private static async Task<IResult> StartRetrainAsync(HttpRequest request, IWorkflowGateway gateway, CancellationToken ct)
    {
        if (!RequestTenant.TryGet(request, out var tenant, out var problem))
        {
            return problem!;
        }
        var (body, invalid) = await JsonRequest.ReadAsync<StartRetrainRequest>(request, "retraining request", ct);
        if (invalid is not null)
        {
            return invalid;
        }
        if (string.IsNullOrWhiteSpace(body?.Model))
        {
            return ProblemResults.BadRequest("Malformed request", "model: the registered model to retrain is required.");
        }
        if (!ResourceNames.IsValid(ResourceKind.Model, body.Model))
        {
            return ProblemResults.BadRequest("Invalid model name", "model: " + ResourceNames.Describe(ResourceKind.Model, body.Model));
        }
        if (!Requester(request, body.RequestedBy, "requestedBy", out var requestedBy, out var refused))
        {
            return refused!;
        }
        if (body.Canary?.Problem() is { } canaryProblem)
        {
            return ProblemResults.BadRequest("Invalid canary", canaryProblem);
        }
        return await StartAsync(gateway, nameof(Retrain), body.InstanceId, new RetrainRequest(body.Model, requestedBy)
        {
            Tenant = tenant,
            Reason = body.Reason,
            ApprovalTimeout = body.ApprovalTimeout,
            Canary = body.Canary,
        }, Retrain.TrainingInstanceId, ct);
    }

    private static async Task<IResult> StartAsync(IWorkflowGateway gateway, string workflow, string? instanceId, object input, Func<string, string> approvalInstance, CancellationToken ct)
    {
        if (instanceId is not null && !InstanceIds.IsValid(instanceId))
        {
            return ProblemResults.BadRequest("Invalid instance id", $"instanceId: '{instanceId}' is not an instance id ({InstanceIds.Rule}).");
        }
        try
        {
            var id = await gateway.StartAsync(workflow, instanceId, input, ct);
            return Results.Accepted($"/api/workflows/{id}", new StartedWorkflow(id, workflow, approvalInstance(id)));
        }
        catch (InvalidOperationException ex)
        {
            return ProblemResults.Conflict(ex.Message);
        }
    }

    private static async Task<IResult> ListAsync(HttpRequest request, IWorkflowGateway gateway, int limit, CancellationToken ct)
    {
        if (!RequestTenant.TryGet(request, out var tenant, out var problem))
        {
            return problem!;
        }
        if (limit is < 1 or > 1000)
        {
            return ProblemResults.BadRequest("Invalid request", "limit: between 1 and 1000.");
        }
        var views = await gateway.ListAsync(limit, ct);
        return Results.Json(new { workflows = views.Where(view => view.Tenant == tenant).ToList() }, KeelJson.Options);
    }

    private static async Task<IResult> GetAsync(string instanceId, HttpRequest request, IWorkflowGateway gateway, CancellationToken ct)
    {
        if (!RequestTenant.TryGet(request, out var tenant, out var problem))
        {
            return problem!;
        }
        return await VisibleAsync(gateway, instanceId, tenant, ct) is { } view
            ? Results.Json(view, KeelJson.Options)
            : NoInstance(instanceId);
    }

    private static async Task<IResult> HistoryAsync(string instanceId, HttpRequest request, IWorkflowGateway gateway, CancellationToken ct)
    {
        if (!RequestTenant.TryGet(request, out var tenant, out var problem))
        {
            return problem!;
        }
        if (await VisibleAsync(gateway, instanceId, tenant, ct) is null || await gateway.HistoryAsync(instanceId, ct) is not { } steps)
        {
            return NoInstance(instanceId);
        }
        return Results.Json(new { instanceId, steps }, KeelJson.Options);
    }

    private static async Task<IResult> DecideAsync(string instanceId, HttpRequest request, IWorkflowGateway gateway, CancellationToken ct)
    {
        if (!RequestTenant.TryGet(request, out var tenant, out var problem))
        {
            return problem!;
        }
        var (body, invalid) = await JsonRequest.ReadAsync<ApprovalBody>(request, "approval decision", ct);
        if (invalid is not null)
        {
            return invalid;
        }
        if (body?.Approved is not { } approved)
        {
            return ProblemResults.BadRequest("Malformed request", "approved: true to approve, false to reject.");
        }
        if (!Requester(request, body.Approver, "approver", out var approver, out var refused))
        {
            return refused!;
        }
        if (await VisibleAsync(gateway, instanceId, tenant, ct) is not { } view)
        {
            return NoInstance(instanceId);
        }
        if (!view.IsRunning)
        {
            return ProblemResults.Conflict($"Workflow instance '{instanceId}' is {view.RuntimeStatus}; it takes no more decisions.");
        }
        if (await ApprovalGuard.RefusalAsync(request, tenant, view.Progress, ct) is { } refusal)
        {
            return ProblemResults.Forbidden($"Separation of duties: {refusal}.");
        }
        await gateway.RaiseEventAsync(instanceId, ApprovalDecision.EventName, new ApprovalDecision(approved, approver, body.Comment), ct);
        // Accepted, not decided: the workflow checks the decision against the separation of duties.
        return Results.Accepted($"/api/workflows/{instanceId}", new { instanceId, approved, approver, status = "submitted" });
    }

    private static async Task<IResult> RebuildAsync(string name, int version, HttpRequest request, LineageRebuild rebuild, CancellationToken ct)
    {
        if (!RequestTenant.TryGet(request, out var tenant, out var problem) || !RequestActor.TryGet(request, out var actor, out problem))
        {
            return problem!;
        }
        try
        {
            return Results.Json(await rebuild.RebuildAsync(tenant, name, version, actor, ct), KeelJson.Options);
        }
        catch (InvalidDataException ex)
        {
            return ProblemResults.Conflict(ex.Message);
        }
    }

    private static async Task<WorkflowView?> VisibleAsync(IWorkflowGateway gateway, string instanceId, string tenant, CancellationToken ct) =>
        InstanceIds.IsValid(instanceId) && await gateway.GetAsync(instanceId, ct) is { } view && view.Tenant == tenant ? view : null;

    /// <summary>
    /// Who asks or decides: the caller's identity. A body may repeat it but not name someone else, or
    /// a requester could approve their own version under another name.
    /// </summary>
    private static bool Requester(HttpRequest request, string? named, string field, out string actor, out IResult? refused) =>
        RequestActor.TryGet(request, out actor, out refused) && RequestActor.Matches(named, actor, field, out refused);

    private static IResult NoInstance(string instanceId) => ProblemResults.NotFound($"No workflow instance '{instanceId}'.");
}
