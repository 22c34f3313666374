using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Keel.Hardening.Http;

public static class HttpLimitsExtensions
{
    /// <summary>
    /// Binds <c>Keel:Http</c> and applies it to Kestrel's body limit, multipart forms and the JSON
    /// options minimal APIs bind bodies with; a body too deep then fails binding with 400.
    /// </summary>
    public static IServiceCollection AddKeelHttpLimits(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<HttpLimitsOptions>()
            .Bind(configuration.GetSection(HttpLimitsOptions.Section))
            .Validate(o => o.MaxRequestBodyBytes > 0, $"{HttpLimitsOptions.Section}:MaxRequestBodyBytes must be positive.")
            .Validate(o => o.MaxJsonDepth is > 0 and <= 256, $"{HttpLimitsOptions.Section}:MaxJsonDepth must be 1 to 256.")
            .ValidateOnStart();
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<HttpLimitsOptions>>((kestrel, limits) => kestrel.Limits.MaxRequestBodySize = limits.Value.MaxRequestBodyBytes);
        services.AddOptions<FormOptions>().Configure<IOptions<HttpLimitsOptions>>((form, limits) => form.MultipartBodyLengthLimit = limits.Value.MaxRequestBodyBytes);
        services.AddOptions<HttpJsonOptions>().Configure<IOptions<HttpLimitsOptions>>((json, limits) => json.SerializerOptions.MaxDepth = limits.Value.MaxJsonDepth);
        return services;
    }

    /// <summary>Enforces the body limit per request (after routing, so an endpoint's own limit counts).</summary>
    public static IApplicationBuilder UseKeelRequestLimits(this IApplicationBuilder app) => app.UseMiddleware<RequestLimitsMiddleware>();

    /// <summary>Gives an endpoint (or a group) its own body limit in place of <c>Keel:Http:MaxRequestBodyBytes</c>.</summary>
    public static TBuilder WithRequestBodyLimit<TBuilder>(this TBuilder builder, long? maxBytes) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequestBodyLimit(maxBytes));
}
