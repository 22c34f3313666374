using Keel.Security.Authentication;
using Keel.Security.Identity;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Keel.Security.Jwt;

/// <summary>
/// Turns <see cref="JwtAuthOptions"/> into the bearer handler's settings: an OIDC authority, a bare key
/// set, or the embedded key, and in every case issuer, audience, lifetime and signature validated.
/// </summary>
internal sealed class JwtBearerSetup(IOptions<JwtAuthOptions> auth, IServiceProvider services) : IConfigureNamedOptions<JwtBearerOptions>
{
    // Asymmetric algorithms only: a shared-secret HMAC token must never pass for one signed by the provider.
    private static readonly string[] Algorithms =
    [
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
    ];

    public void Configure(JwtBearerOptions options) => Configure(Options.DefaultName, options);

    public void Configure(string? name, JwtBearerOptions options)
    {
        if (name != KeelSchemes.Bearer)
        {
            return;
        }
        var settings = auth.Value;
        options.MapInboundClaims = false;
        options.RequireHttpsMetadata = settings.RequireHttpsMetadata;
        options.Audience = settings.Audience;
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidIssuer = settings.ExpectedIssuer,
            ValidateAudience = true,
            ValidAudience = settings.Audience,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = settings.ClockSkew,
            ValidateIssuerSigningKey = true,
            RequireSignedTokens = true,
            ValidAlgorithms = Algorithms,
            NameClaimType = KeelClaims.Subject,
            RoleClaimType = KeelClaims.Role,
            AuthenticationType = KeelSchemes.Bearer,
        };
        if (!string.IsNullOrWhiteSpace(settings.Authority))
        {
            options.Authority = settings.Authority;
        }
        else if (!string.IsNullOrWhiteSpace(settings.JwksUri))
        {
            options.ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
                settings.JwksUri,
                new JwksConfigurationRetriever(),
                new HttpDocumentRetriever { RequireHttps = settings.RequireHttpsMetadata });
        }
        else
        {
            options.TokenValidationParameters.IssuerSigningKey = services.GetRequiredService<LocalSigningKey>().Key;
        }
        if (settings.ValidatedTokenCacheSize > 0 && settings.ValidatedTokenCacheTime > TimeSpan.Zero)
        {
            options.TokenHandlers.Clear();
            options.TokenHandlers.Add(new ValidatedTokenCache(new JsonWebTokenHandler { MapInboundClaims = false },
                settings.ValidatedTokenCacheSize, settings.ValidatedTokenCacheTime, services.GetService<TimeProvider>() ?? TimeProvider.System));
        }
        options.Events = new JwtBearerEvents
        {
            OnTokenValidated = context => TokenIdentityCheck.OnTokenValidated(context, settings),
        };
    }
}
