using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Keel.Security.Authorization;
using Keel.Security.Jwt;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Keel.Cli.Tests.Security;

/// <summary>Requests for the security suite: every endpoint of the platform as a callable request, and credentials good and bad.</summary>
internal static partial class SecurityRequests
{
    public static IReadOnlyList<EndpointAccess> Catalogue(IServiceProvider services) =>
        EndpointPermissions.All(services.GetRequiredService<EndpointDataSource>());

    /// <summary>Each method of each protected endpoint, its route values filled with harmless samples.</summary>
    public static IEnumerable<(EndpointAccess Endpoint, HttpMethod Method, string Path)> Protected(IServiceProvider services) =>
        Catalogue(services).Where(e => !e.Anonymous)
            .SelectMany(e => (e.Methods.Count == 0 ? ["GET"] : e.Methods).Select(m => (e, new HttpMethod(m), Fill(e.Route))));

    public static HttpRequestMessage Request(HttpMethod method, string path, AuthenticationHeaderValue? credential)
    {
        var request = new HttpRequestMessage(method, path);
        if (method != HttpMethod.Get && method != HttpMethod.Delete)
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }
        request.Headers.Authorization = credential;
        return request;
    }

    /// <summary>Credentials that must not get in: none, and tokens that are expired, from another issuer, for another audience, or signed by another key.</summary>
    public static AuthenticationHeaderValue? Bad(IServiceProvider services, string kind, string dataDir)
    {
        var key = services.GetRequiredService<LocalSigningKey>();
        string? token = kind switch
        {
            "none" => null,
            "expired" => new LocalTokenIssuer(key, JwtAuthOptions.EmbeddedIssuer, JwtAuthOptions.DefaultAudience, new ShiftedClock(TimeSpan.FromHours(-3)))
                .Issue("mallory", ["admin"], "default", TimeSpan.FromHours(1)),
            "wrong-issuer" => new LocalTokenIssuer(key, "https://issuer.example.com", JwtAuthOptions.DefaultAudience).Issue("mallory", ["admin"], "default"),
            "wrong-audience" => new LocalTokenIssuer(key, JwtAuthOptions.EmbeddedIssuer, "another-service").Issue("mallory", ["admin"], "default"),
            "bad-signature" => ForeignIssuer(dataDir).Issue("mallory", ["admin"], "default"),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
        return token is null ? null : new AuthenticationHeaderValue("Bearer", token);
    }

    private static LocalTokenIssuer ForeignIssuer(string dataDir) =>
        new(LocalSigningKey.LoadOrCreate(Path.Combine(dataDir, "foreign", "signing-key.pem")), JwtAuthOptions.EmbeddedIssuer, JwtAuthOptions.DefaultAudience);

    private static string Fill(string route) => RouteValue().Replace(route, match => match.Groups[1].Value switch
    {
        "version" => "1",
        "id" => new string('0', 32),
        _ => "x1",
    });

    [GeneratedRegex(@"\{([A-Za-z]+)(?::[^}]*)?\}")]
    private static partial Regex RouteValue();

    private sealed class ShiftedClock(TimeSpan shift) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + shift;
    }
}
