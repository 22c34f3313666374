using System.Diagnostics;
using Keel.Features;
using Keel.Events.Messaging;
using Keel.Features.Registry;
using Keel.ModelRegistry;
using Keel.Storage.Artifacts;
using Keel.Tracking;
using Keel.Kafka;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Keel.Functions.Http;

/// <summary>
/// Runs an HTTP handler and turns what can go wrong into the right problem response, the same
/// way in both hosts: bad input 400, unknown names 404, a full producer queue 429, the event log
/// unreachable 503, anything else 500 with a trace id and no internals.
/// </summary>
public static class HandlerInvoker
{
    public static async Task<IResult> InvokeAsync(HttpContext context, string function, Func<Task<IResult>> handler)
    {
        using var activity = FunctionTelemetry.Source.StartActivity(function, ActivityKind.Internal);
        activity?.SetTag("keel.function", function);
        try
        {
            return await handler();
        }
        catch (ArgumentException ex)
        {
            return ProblemResults.BadRequest("Invalid request", ex.Message);
        }
        catch (Exception ex) when (ex is UnknownFeatureException or RunNotFoundException or ExperimentNotFoundException or RegistryNotFoundException or ArtifactNotFoundException)
        {
            return ProblemResults.NotFound(ex.Message);
        }
        catch (Exception ex) when (ex is RegistryConflictException or InvalidStageTransitionException or TrackingConflictException)
        {
            return ProblemResults.Conflict(ex.Message);
        }
        catch (FeatureRegistryException ex)
        {
            return ProblemResults.BadRequest("Invalid feature repository", string.Join("; ", ex.Errors),
                new Dictionary<string, object?> { ["errors"] = ex.Errors });
        }
        catch (OverloadedException ex)
        {
            return ProblemResults.Overloaded(ex.Message, ex.RetryAfter);
        }
        catch (KafkaPublishException ex)
        {
            Logger(context).LogError(ex, "{Function} could not store events", function);
            return ProblemResults.Unavailable("The event log did not acknowledge the events; nothing was reported as stored. Retry later.");
        }
        catch (BadHttpRequestException ex)
        {
            return Results.Problem(ex.Message, statusCode: ex.StatusCode, title: "Bad request", type: ProblemResults.TypeBase + "bad-request");
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
            return Results.Empty;
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            Logger(context).LogError(ex, "{Function} failed", function);
            return ProblemResults.Internal(Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier);
        }
    }

    private static ILogger Logger(HttpContext context) =>
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Keel.Functions");
}
