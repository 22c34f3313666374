using Keel.Secrets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Keel.Hardening.Problems;

public static class ProblemDetailsExtensions
{
    /// <summary>
    /// RFC 9457 problems for every error response, scrubbed by <see cref="ProblemDetailsScrubber"/>
    /// after any customization the app adds, and the server's request refusals answered as 4xx.
    /// </summary>
    public static IServiceCollection AddKeelProblemDetails(this IServiceCollection services)
    {
        services.AddKeelSecretRegistry();
        services.TryAddSingleton<ProblemDetailsScrubber>();
        services.AddProblemDetails();
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        // PostConfigure, so the scrubber runs after a customization configured before or after this call.
        services.AddOptions<ProblemDetailsOptions>().PostConfigure<ProblemDetailsScrubber>((options, scrubber) =>
        {
            var customize = options.CustomizeProblemDetails;
            options.CustomizeProblemDetails = context =>
            {
                customize?.Invoke(context);
                scrubber.Scrub(context);
            };
        });
        return services;
    }

    /// <summary>
    /// Exceptions become scrubbed problems, and error statuses set without a body (a 413 or 400 of
    /// model binding, a 404) get one. Put it first in the pipeline.
    /// </summary>
    public static IApplicationBuilder UseKeelProblemDetails(this IApplicationBuilder app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}
