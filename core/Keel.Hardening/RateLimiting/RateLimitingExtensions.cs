using System.Globalization;
using System.Threading.RateLimiting;
using Keel.Hardening.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Keel.Hardening.RateLimiting;

public static class RateLimitingExtensions
{
    /// <summary>
    /// One limiter per <see cref="RateLimitPartitionKey"/> over every request but the exempt paths,
    /// as <c>Keel:RateLimit</c> configures; a request over the limit gets 429 with Retry-After and a problem.
    /// </summary>
    public static IServiceCollection AddKeelRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<RateLimitOptions>()
            .Bind(configuration.GetSection(RateLimitOptions.Section))
            .Validate(o => o.PermitLimit > 0, $"{RateLimitOptions.Section}:PermitLimit must be positive.")
            .Validate(o => o.Window > TimeSpan.Zero, $"{RateLimitOptions.Section}:Window must be positive.")
            .Validate(o => o.TokensPerPeriod is null or > 0, $"{RateLimitOptions.Section}:TokensPerPeriod must be positive.")
            .Validate(o => o.QueueLimit >= 0, $"{RateLimitOptions.Section}:QueueLimit must not be negative.")
            .ValidateOnStart();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, settings) =>
        {
            var options = settings.Value;
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                !options.Enabled || IsExempt(context, options)
                    ? RateLimitPartition.GetNoLimiter("exempt")
                    : Partition(RateLimitPartitionKey.For(context), options));
            limiter.OnRejected = (rejected, cancellationToken) => RejectAsync(rejected, options, cancellationToken);
        });
        return services;
    }

    /// <summary>Put it after authentication, so requests are counted against their identity rather than their address.</summary>
    public static IApplicationBuilder UseKeelRateLimiting(this IApplicationBuilder app) => app.UseRateLimiter();

    private static RateLimitPartition<string> Partition(string key, RateLimitOptions options) =>
        options.Algorithm switch
        {
            RateLimitAlgorithm.FixedWindow => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = options.PermitLimit,
                Window = options.Window,
                QueueLimit = options.QueueLimit,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                AutoReplenishment = true,
            }),
            _ => RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = options.PermitLimit,
                TokensPerPeriod = options.TokensPerPeriod ?? options.PermitLimit,
                ReplenishmentPeriod = options.Window,
                QueueLimit = options.QueueLimit,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                AutoReplenishment = true,
            }),
        };

    private static bool IsExempt(HttpContext context, RateLimitOptions options) =>
        options.ExemptPaths.Any(p => context.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));

    private static async ValueTask RejectAsync(OnRejectedContext rejected, RateLimitOptions options, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : options.Window;
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);

        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status429TooManyRequests,
            Title = "Too many requests",
            Type = ProblemTypes.RateLimited,
            Detail = $"This tenant and key have used up their rate limit ({Describe(options)}); retry after {seconds} s.",
        };
        var problems = context.RequestServices.GetService<IProblemDetailsService>();
        if (problems is null || !await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }))
        {
            await context.Response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json", cancellationToken);
        }
    }

    private static string Describe(RateLimitOptions options) =>
        options.Algorithm == RateLimitAlgorithm.FixedWindow
            ? $"{options.PermitLimit} requests every {options.Window}"
            : $"bursts of {options.PermitLimit} requests, {options.TokensPerPeriod ?? options.PermitLimit} more every {options.Window}";
}
