using System.Diagnostics;
using System.Text.Json;
using Keel.Secrets;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Keel.Hardening.Problems;

/// <summary>
/// The last say over every problem response: a server error shows neither the exception's message
/// nor its stack trace nor anything the developer exception page adds, and no problem shows a
/// registered secret value.
/// </summary>
public sealed class ProblemDetailsScrubber(SecretRegistry secrets)
{
    private static readonly HashSet<string> KeptOnServerErrors = new(StringComparer.OrdinalIgnoreCase) { "traceId", "requestId" };
    private static readonly HashSet<string> DeveloperExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        "exception", "exceptionType", "exceptionMessage", "stackTrace", "stack", "innerException", "headers", "routeValues", "endpoint",
    };

    public void Scrub(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var problem = context.ProblemDetails;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        if (status >= StatusCodes.Status500InternalServerError)
        {
            HideInternals(context, problem, status);
        }

        problem.Title = Redact(problem.Title);
        problem.Detail = Redact(problem.Detail);
        problem.Instance = Redact(problem.Instance);
        foreach (var key in problem.Extensions.Keys.ToList())
        {
            problem.Extensions[key] = RedactValue(problem.Extensions[key]);
        }
        if (!problem.Extensions.ContainsKey("traceId"))
        {
            problem.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
        }
    }

    private static void HideInternals(ProblemDetailsContext context, ProblemDetails problem, int status)
    {
        // A 500, or any server error raised by an exception, describes code, not the request: say
        // only that it failed. A 503 an endpoint wrote on purpose keeps its detail (masked below).
        if (status == StatusCodes.Status500InternalServerError || context.Exception is not null)
        {
            problem.Title = "Internal error";
            problem.Detail = ProblemTypes.InternalDetail;
            problem.Type = ProblemTypes.Internal;
            foreach (var key in problem.Extensions.Keys.Where(k => !KeptOnServerErrors.Contains(k)).ToList())
            {
                problem.Extensions.Remove(key);
            }
            return;
        }
        foreach (var key in problem.Extensions.Keys.Where(DeveloperExtensions.Contains).ToList())
        {
            problem.Extensions.Remove(key);
        }
    }

    private string? Redact(string? text) => text is null ? null : secrets.Redact(text);

    private object? RedactValue(object? value)
    {
        if (value is null || secrets.IsEmpty)
        {
            return value;
        }
        if (value is string text)
        {
            return secrets.Redact(text);
        }
        // Nested values (validation errors, lists of problems) are checked as the JSON they become;
        // one holding a secret is sent as that JSON, masked, rather than not at all.
        var json = JsonSerializer.Serialize(value, value.GetType());
        return secrets.Contains(json) ? secrets.Redact(json) : value;
    }
}
