using Keel.Audit;
using Keel.Hardening.Http;
using Keel.Hardening.Https;
using Keel.Hardening.Problems;
using Keel.Hardening.RateLimiting;
using Keel.Secrets;
using Keel.Secrets.Logging;
using Keel.Security.Authentication;
using Keel.Security.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Keel.Functions.Security;

/// <summary>
/// What every Keel HTTP app puts in front of its endpoints, in one place so the embedded platform,
/// the inference service and the workflows app cannot differ: redacted logs, secrets, problem details
/// without internals, body and JSON limits, HTTPS, authentication, authorisation, the tenant boundary,
/// rate limiting and the audit log.
/// </summary>
public static class KeelHttpSecurity
{
    public static WebApplicationBuilder AddKeelHttpSecurity(this WebApplicationBuilder builder)
    {
        builder.Logging.AddKeelRedaction();
        builder.Services.AddKeelSecrets(builder.Configuration);
        builder.Services.AddKeelProblemDetails();
        builder.Services.AddKeelHttpLimits(builder.Configuration);
        builder.Services.AddKeelRateLimiting(builder.Configuration);
        builder.WebHost.UseKeelHttps(builder.Configuration);
        builder.Services.AddKeelAuthentication(builder.Configuration);
        builder.Services.AddKeelAuthorization();
        builder.Services.TryAddSingleton(AuditKeyFromSecrets.Resolve);
        builder.Services.AddKeelAudit(builder.Configuration);
        builder.Services.AddSingleton<DeniedAccessAudit>();
        return builder;
    }

    /// <summary>
    /// The pipeline, in this order: problems first so they catch everything after them; routing before
    /// the limits so endpoint limits count; identity before the tenant boundary and the limiter, so that
    /// requests count against who sent them; authorisation last, just before the endpoint.
    /// </summary>
    public static WebApplication UseKeelHttpSecurity(this WebApplication app)
    {
        app.UseKeelProblemDetails();
        app.UseRouting();
        app.UseKeelRequestLimits();
        app.UseAuthentication();
        app.UseMiddleware<TenantBoundary>();
        app.UseKeelRateLimiting();
        app.UseAuthorization();
        return app;
    }
}
