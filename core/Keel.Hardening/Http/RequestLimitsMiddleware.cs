using Keel.Hardening.Problems;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Keel.Hardening.Http;

/// <summary>
/// Applies the body limit to every request, whatever the server's own default: a body declared
/// larger is refused with 413 before the endpoint runs; one that grows past it while streaming
/// makes the server fail the read, which <see cref="BadRequestExceptionHandler"/> answers with 413.
/// </summary>
internal sealed class RequestLimitsMiddleware(RequestDelegate next, IOptions<HttpLimitsOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        long? limit = options.Value.MaxRequestBodyBytes;
        if (context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>() is { } endpointLimit)
        {
            limit = endpointLimit.MaxRequestBodySize;
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }
        if (limit is { } bytes && context.Request.ContentLength > bytes)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            var problems = context.RequestServices.GetService(typeof(IProblemDetailsService)) as IProblemDetailsService;
            var problem = new ProblemDetails
            {
                Status = StatusCodes.Status413PayloadTooLarge,
                Title = "Request too large",
                Type = ProblemTypes.TooLarge,
                Detail = $"The request body is larger than {bytes} bytes.",
            };
            if (problems is null || !await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }))
            {
                await context.Response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json");
            }
            return;
        }
        await next(context);
    }
}
