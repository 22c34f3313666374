using System.Net.Http.Headers;
using Keel.Security.Jwt;
using Keel.Security.Permissions;
using Microsoft.Extensions.DependencyInjection;

namespace Keel.Testing;

/// <summary>
/// Shared by the test projects that call a running Keel app (linked into each): bearer tokens signed by
/// the app's own embedded key, for whoever a test plays. By default an admin of the default tenant.
/// </summary>
internal static class TestCallers
{
    public const string User = "tests";

    public const string Tenant = "default";

    public static AuthenticationHeaderValue Bearer(IServiceProvider services, string tenant = Tenant, string role = KeelRoles.Admin, string user = User) =>
        new("Bearer", services.GetRequiredService<LocalTokenIssuer>().Issue(user, [role], tenant));

    /// <summary>
    /// A client whose requests may name their caller the short way, with <c>X-Keel-Tenant</c> and
    /// <c>X-Keel-Actor</c>: each request without an <c>Authorization</c> header gets the token of an admin
    /// of that tenant (default <see cref="Tenant"/>) whose subject is that actor (default <see cref="User"/>).
    /// </summary>
    public static HttpClient Impersonating(IServiceProvider services, Uri address, TimeSpan? timeout = null, int maxConnections = int.MaxValue) =>
        new(new CallerHandler(services) { InnerHandler = new SocketsHttpHandler { MaxConnectionsPerServer = maxConnections } })
        {
            BaseAddress = address,
            Timeout = timeout ?? TimeSpan.FromSeconds(120),
        };

    /// <summary>An HTTP client of the app at <paramref name="address"/> acting as the given caller.</summary>
    public static HttpClient Client(IServiceProvider services, Uri address, string tenant = Tenant, string role = KeelRoles.Admin, string user = User)
    {
        var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(120) };
        client.DefaultRequestHeaders.Authorization = Bearer(services, tenant, role, user);
        return client;
    }

    private sealed class CallerHandler(IServiceProvider services) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Headers.Authorization is null)
            {
                var tenant = request.Headers.TryGetValues("X-Keel-Tenant", out var tenants) ? tenants.First() : Tenant;
                var actor = request.Headers.TryGetValues("X-Keel-Actor", out var actors) ? actors.First() : User;
                request.Headers.Authorization = Bearer(services, tenant, KeelRoles.Admin, actor);
            }
            return base.SendAsync(request, cancellationToken);
        }
    }
}
