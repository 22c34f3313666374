using Keel.Security.ApiKeys;
using Keel.Security.Dapr;
using Keel.Security.Jwt;
using Keel.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Keel.Security.Authentication;

public static class KeelAuthenticationExtensions
{
    /// <summary>
    /// Bearer tokens (<c>Keel:Auth:Jwt</c>) and API keys (<c>Keel:Auth:ApiKeys</c>) behind one default
    /// scheme that picks by the request's headers. With no configuration at all, tokens are those signed by
    /// the embedded key in the data directory and keys live in its <c>auth/api-keys.db</c>.
    /// </summary>
    public static AuthenticationBuilder AddKeelAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section));
        services.AddOptions<JwtAuthOptions>().Bind(configuration.GetSection(JwtAuthOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JwtAuthOptions>, JwtAuthOptionsValidation>());
        services.AddOptions<ApiKeyStoreOptions>().Bind(configuration.GetSection(ApiKeyStoreOptions.Section));
        services.AddOptions<DaprAppTokenOptions>().Bind(configuration.GetSection(DaprAppTokenOptions.Section));
        services.TryAddSingleton(TimeProvider.System);

        services.TryAddSingleton(sp => LocalSigningKey.LoadOrCreate(
            sp.GetRequiredService<IOptions<JwtAuthOptions>>().Value.SigningKeyPath(sp.GetRequiredService<IOptions<StorageOptions>>().Value)));
        services.TryAddSingleton(sp => LocalTokenIssuer.For(
            sp.GetRequiredService<LocalSigningKey>(), sp.GetRequiredService<IOptions<JwtAuthOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IApiKeyStore>(sp => new SqliteApiKeyStore(
            sp.GetRequiredService<IOptions<ApiKeyStoreOptions>>().Value.DatabasePath(sp.GetRequiredService<IOptions<StorageOptions>>().Value),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<JwtBearerOptions>, JwtBearerSetup>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, LocalSigningKeyStartup>());

        return services
            .AddAuthentication(KeelSchemes.Keel)
            .AddPolicyScheme(KeelSchemes.Keel, "Bearer token or API key", scheme =>
                scheme.ForwardDefaultSelector = context =>
                    context.Request.Headers.ContainsKey(DaprAppTokenOptions.Header) ? KeelSchemes.DaprAppToken
                    : ApiKeyRequest.IsPresent(context.Request) ? KeelSchemes.ApiKey
                    : KeelSchemes.Bearer)
            .AddJwtBearer(KeelSchemes.Bearer, _ => { })
            .AddScheme<ApiKeyAuthenticationOptions, ApiKeyAuthenticationHandler>(KeelSchemes.ApiKey, _ => { })
            .AddScheme<DaprAppTokenAuthenticationOptions, DaprAppTokenHandler>(KeelSchemes.DaprAppToken, _ => { });
    }
}
