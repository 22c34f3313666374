using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;

namespace Keel.Hardening.Problems;

/// <summary>
/// The server's own refusals of a request (a body over the limit, a malformed request line) are the
/// client's 4xx, not an internal error: answered with their status code and a problem that says what was wrong.
/// </summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad || httpContext.Response.HasStarted)
        {
            return false;
        }
        httpContext.Response.StatusCode = bad.StatusCode;
        var tooLarge = bad.StatusCode == StatusCodes.Status413PayloadTooLarge;
        var limit = httpContext.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new ProblemDetails
            {
                Status = bad.StatusCode,
                Title = tooLarge ? "Request too large" : "Bad request",
                Type = tooLarge ? ProblemTypes.TooLarge : ProblemTypes.BadRequest,
                Detail = tooLarge
                    ? limit is { } bytes ? $"The request body is larger than {bytes} bytes." : "The request body is too large."
                    : "The request could not be read.",
            },
        });
    }
}
