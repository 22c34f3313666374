using Keel.Events;
using Microsoft.AspNetCore.Http;

namespace Keel.Functions.Http;

/// <summary>RFC 9457 problem responses, one builder per kind of failure, never with a stack trace.</summary>
public static class ProblemResults
{
    public const string TypeBase = "https://keel.dev/problems/";

    public static IResult BadRequest(string title, string detail, IDictionary<string, object?>? extensions = null) =>
        Results.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: title, type: TypeBase + "bad-request", extensions: extensions);

    public static IResult InvalidEvents(string detail, IDictionary<string, object?> extensions) =>
        Results.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Some events were rejected", type: TypeBase + "invalid-events", extensions: extensions);

    public static IResult NotFound(string detail) =>
        Results.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found", type: TypeBase + "not-found");

    public static IResult Unauthenticated() =>
        Results.Problem("Send a valid bearer token (Authorization: Bearer …) or an API key (Authorization: ApiKey … or X-Api-Key).",
            statusCode: StatusCodes.Status401Unauthorized, title: "Authentication required", type: TypeBase + "unauthenticated");

    public static IResult Forbidden(string detail) =>
        Results.Problem(detail, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", type: TypeBase + "forbidden");

    public static IResult Conflict(string detail) =>
        Results.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict", type: TypeBase + "conflict");

    public static IResult UnsupportedMediaType(string detail) =>
        Results.Problem(detail, statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type", type: TypeBase + "unsupported-media-type");

    public static IResult TooLarge(long limit) =>
        Results.Problem($"The request body is larger than {limit} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request too large", type: TypeBase + "too-large");

    public static IResult Overloaded(string detail, TimeSpan retryAfter) =>
        new RetryAfterResult(
            Results.Problem(detail, statusCode: StatusCodes.Status429TooManyRequests, title: "Overloaded", type: TypeBase + "overloaded"),
            retryAfter);

    public static IResult Unavailable(string detail) =>
        Results.Problem(detail, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Service unavailable", type: TypeBase + "unavailable");

    public static IResult Internal(string traceId) =>
        Results.Problem("The request failed inside Keel; the trace id identifies it in the logs.", statusCode: StatusCodes.Status500InternalServerError,
            title: "Internal error", type: TypeBase + "internal", extensions: new Dictionary<string, object?> { ["traceId"] = traceId });

    public static object Describe(IEnumerable<EventProblem> problems) =>
        problems.Select(p => new { field = p.Field, message = p.Message }).ToArray();

    private sealed class RetryAfterResult(IResult inner, TimeSpan retryAfter) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return inner.ExecuteAsync(httpContext);
        }
    }
}
