using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Keel.Events;
using Keel.Security.Authentication;
using Keel.Security.Identity;
using Keel.Security.Permissions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Keel.Security.Dapr;

public sealed class DaprAppTokenAuthenticationOptions : AuthenticationSchemeOptions;

/// <summary>
/// Authenticates the Dapr sidecar by its app API token, on the push routes only. The identity delivers
/// events of every tenant (<see cref="KeelClaims.DeliversForAllTenants"/>): the sidecar pushes a topic
/// for the whole platform, and each event carries its own tenant, which the handlers act on.
/// </summary>
public sealed class DaprAppTokenHandler(
    IOptionsMonitor<DaprAppTokenAuthenticationOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<DaprAppTokenOptions> dapr,
    IConfiguration configuration)
    : AuthenticationHandler<DaprAppTokenAuthenticationOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Request.Headers[DaprAppTokenOptions.Header].FirstOrDefault() is not { Length: > 0 } presented)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        var expected = dapr.Value.AppApiToken is { Length: > 0 } configured ? configured : configuration["APP_API_TOKEN"];
        if (string.IsNullOrEmpty(expected))
        {
            return Task.FromResult(AuthenticateResult.Fail("No Dapr app API token is configured (APP_API_TOKEN), so none is accepted."));
        }
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected)))
        {
            return Task.FromResult(AuthenticateResult.Fail("Wrong Dapr app API token."));
        }
        if (!Request.Path.StartsWithSegments(dapr.Value.PushPathPrefix.TrimEnd('/'), StringComparison.Ordinal))
        {
            return Task.FromResult(AuthenticateResult.Fail("The Dapr app API token is accepted on the push routes only."));
        }
        var identity = new ClaimsIdentity(
        [
            new Claim(KeelClaims.Subject, DaprAppTokenOptions.Subject),
            new Claim(KeelClaims.Tenant, TenantName.Default),
            new Claim(KeelClaims.Role, KeelRoles.Service),
            new Claim(KeelClaims.DeliversForAllTenants, "true"),
        ], KeelSchemes.DaprAppToken, KeelClaims.Subject, KeelClaims.Role);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }
}
