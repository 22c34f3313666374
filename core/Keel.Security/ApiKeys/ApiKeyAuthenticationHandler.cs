using System.Security.Claims;
using System.Text.Encodings.Web;
using Keel.Security.Authentication;
using Keel.Security.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Keel.Security.ApiKeys;

public sealed class ApiKeyAuthenticationOptions : AuthenticationSchemeOptions;

/// <summary>
/// Authenticates a service client by its API key. The identity it gives carries the key's tenant and
/// roles and, as subject, <c>apikey:&lt;id&gt;</c>, so what a key did is traced to it in the audit log.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<ApiKeyAuthenticationOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IApiKeyStore keys)
    : AuthenticationHandler<ApiKeyAuthenticationOptions>(options, logger, encoder)
{
    public const string SubjectPrefix = "apikey:";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!ApiKeyRequest.TryRead(Request, out var presented))
        {
            return AuthenticateResult.NoResult();
        }
        var key = await keys.AuthenticateAsync(presented, Context.RequestAborted);
        if (key is null)
        {
            return AuthenticateResult.Fail("Unknown or revoked API key.");
        }
        List<Claim> claims =
        [
            new(KeelClaims.Subject, SubjectPrefix + key.Id),
            new(KeelClaims.Name, key.Name),
            new(KeelClaims.Tenant, key.Tenant),
            new(KeelClaims.KeyId, key.Id),
            .. key.Roles.Select(role => new Claim(KeelClaims.Role, role)),
        ];
        var identity = new ClaimsIdentity(claims, KeelSchemes.ApiKey, KeelClaims.Subject, KeelClaims.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.Append(HeaderNames.WWWAuthenticate, "ApiKey");
        return Task.CompletedTask;
    }
}
