using Keel.Functions.Http;
using Keel.ModelRegistry;
using Microsoft.AspNetCore.Http;

namespace Keel.Functions.Handlers;

/// <summary>
/// <c>POST /api/models/{name}/versions/{version}/stage</c> with <c>{"stage": "Production", "reason": "...", "expectedRevision": 3}</c>:
/// moves a version between stages; the actor and reason are recorded.
/// </summary>
public sealed class TransitionModelVersion(IModelRegistry registry)
{
    public async Task<IResult> HandleAsync(HttpRequest request, string name, int version, CancellationToken cancellationToken)
    {
        if (!RequestTenant.TryGet(request, out var tenant, out var problem) || !RequestActor.TryGet(request, out var actor, out problem))
        {
            return problem!;
        }
        var (body, invalid) = await JsonRequest.ReadAsync<StageChange>(request, "stage change", cancellationToken);
        if (invalid is not null)
        {
            return invalid;
        }
        if (body?.Stage is not { } stage || string.IsNullOrWhiteSpace(body.Reason))
        {
            return ProblemResults.BadRequest("Malformed request", "stage (None, Staging, Production or Archived) and reason are required.");
        }
        var result = await registry.TransitionAsync(tenant, new TransitionRequest(name, version, stage, actor, body.Reason)
        {
            ExpectedRevision = body.ExpectedRevision,
        }, cancellationToken);
        return Results.Json(result, KeelJson.Options);
    }
}

public sealed record StageChange(ModelStage? Stage, string? Reason, long? ExpectedRevision);
