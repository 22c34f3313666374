using Keel.Events;
using Keel.Events.Messaging;
using Keel.Features;
using Keel.Functions.Http;
using Keel.Prediction;
using Keel.Serving.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Keel.Security.Authorization;
using Keel.Security.Permissions;

namespace Keel.Serving.Host.Apis;

/// <summary>
/// <c>POST /api/predict/{model}</c>: <c>{"entity": "42"}</c> or <c>{"record": {…}}</c>, with
/// <c>"explain": true</c> (or <c>?explain=true</c>) for the attributions. Keel's own API, so errors
/// are RFC 9457 problems: 400 for a request that cannot be predicted, 404 for a model not served or an
/// entity without features, 429 with Retry-After when the model's queue is full. Public so that
/// <c>keel up</c> maps the same route.
/// </summary>
public static class PredictEndpoints
{
    public static IEndpointRouteBuilder MapKeelPrediction(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/predict/{model}", PredictAsync).WithTags("Prediction").RequirePermission(Permission.Predict);
        return routes;
    }

    private static async Task<IResult> PredictAsync(HttpRequest request, PredictionService predictions, string model, bool? explain)
    {
        if (!RequestTenant.TryGet(request, out var tenant, out var problem))
        {
            return problem!;
        }
        var (body, bad) = await JsonRequest.ReadAsync<PredictionRequest>(request, "prediction request", request.HttpContext.RequestAborted);
        if (bad is not null)
        {
            return bad;
        }
        if (body is null)
        {
            return ProblemResults.BadRequest("Malformed request", "The body must be {\"entity\": \"…\"} or {\"record\": {…}}.");
        }
        if (explain is true)
        {
            body = body with { Explain = true };
        }
        try
        {
            return Results.Json(await predictions.PredictAsync(tenant, model, body, request.HttpContext.RequestAborted), KeelJson.Options);
        }
        catch (InvalidPredictionRequestException ex)
        {
            return ProblemResults.BadRequest("Cannot predict", ex.Message,
                ex.Problems.Count == 0 ? null : new Dictionary<string, object?> { ["problems"] = ex.Problems });
        }
        catch (InferenceValidationException ex)
        {
            return ProblemResults.BadRequest("Cannot predict", ex.Message);
        }
        catch (UnknownFeatureException ex)
        {
            // The version was trained on a feature service or view this tenant's registry no longer has.
            return ProblemResults.BadRequest("Cannot predict", $"The model's features cannot be read: {ex.Message}");
        }
        catch (Exception ex) when (ex is EntityNotFoundException or ModelNotFoundException)
        {
            return ProblemResults.NotFound(ex.Message);
        }
        catch (OverloadedException ex)
        {
            return ProblemResults.Overloaded(ex.Message, ex.RetryAfter);
        }
    }
}
