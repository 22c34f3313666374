using System.Net.Http.Headers;
using Keel.Security.Authentication;
using Keel.Security.Jwt;

namespace Keel.Cli.Client;

/// <summary>
/// How the CLI proves who it is: a bearer token or an API key when one is given, otherwise a short-lived
/// token signed with the embedded key of a local data directory — the key <c>keel up</c> on that
/// directory trusts, which only its owner can read. Without any of them requests go out anonymous and
/// the platform answers 401, which <see cref="KeelApiException"/> explains.
/// </summary>
public static class CallerCredentials
{
    /// <summary>Long enough for a long command (a training that waits for its approval), short enough not to matter if it leaks.</summary>
    public static readonly TimeSpan LocalTokenLifetime = TimeSpan.FromHours(1);

    public static AuthenticationHeaderValue? Resolve(string? token, string? apiKey, string dataDir, string user, IReadOnlyList<string> roles, string tenant)
    {
        if (!string.IsNullOrWhiteSpace(token))
        {
            return new AuthenticationHeaderValue(KeelSchemes.Bearer, token.Trim());
        }
        if (!string.IsNullOrWhiteSpace(apiKey))
        {
            return new AuthenticationHeaderValue(KeelSchemes.ApiKey, apiKey.Trim());
        }
        var jwt = new JwtAuthOptions();
        var keyPath = Path.Combine(dataDir, "auth", LocalSigningKey.FileName);
        if (!File.Exists(keyPath))
        {
            return null;
        }
        using var key = LocalSigningKey.LoadOrCreate(keyPath);
        return new AuthenticationHeaderValue(KeelSchemes.Bearer, LocalTokenIssuer.For(key, jwt).Issue(user, roles, tenant, LocalTokenLifetime));
    }
}
