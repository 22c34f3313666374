using System.Net.Http.Headers;
using Keel.Security.Authentication;
using Keel.Security.Authorization;
using Keel.Security.Identity;
using Keel.Security.Permissions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Keel.Security.Tests;

/// <summary>
/// A small app on Kestrel (loopback, free port) with Keel's authentication and authorisation and a
/// few endpoints, each needing one permission, plus an anonymous health probe.
/// </summary>
internal sealed class GuardedApp : IAsyncDisposable
{
    public const string Models = "/api/models";
    public const string Deployment = "/api/deployments/credit";
    public const string Audit = "/api/audit";
    public const string Health = "/health/live";
    public const string Forgotten = "/api/forgotten";

    private GuardedApp(WebApplication app)
    {
        App = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Client = new HttpClient { BaseAddress = new Uri(address) };
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => App.Services;

    public static async Task<GuardedApp> StartAsync(string dataDir, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Keel:DataDir"] = dataDir });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }
        builder.Services.AddProblemDetails();
        builder.Services.AddKeelAuthentication(builder.Configuration);
        builder.Services.AddKeelAuthorization();
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet(Health, () => Results.Ok(new { status = "live" })).AllowAnonymous();
        app.MapGet(Models, (HttpContext http) => Results.Json(WhoAmI(http))).RequirePermission(Permission.ReadModels);
        var deployments = app.MapGroup("/api/deployments").RequirePermission(Permission.Deploy);
        deployments.MapPut("/{model}", (string model) => Results.Ok(new { model }));
        app.MapGet(Audit, () => Results.Ok(Array.Empty<string>())).RequirePermission(Permission.ReadAudit);
        // Mapped as a careless change would: no permission, no AllowAnonymous.
        app.MapGet(Forgotten, () => Results.Ok("served"));
        await app.StartAsync();
        return new GuardedApp(app);
    }

    private static Dictionary<string, object?> WhoAmI(HttpContext http)
    {
        var caller = new KeelPrincipal(http.User);
        return new()
        {
            ["subject"] = caller.Subject,
            ["tenant"] = caller.Tenant,
            ["roles"] = caller.Roles,
            ["method"] = caller.AuthenticationMethod,
            ["keyId"] = caller.KeyId,
        };
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? bearer = null, Action<HttpRequestHeaders>? headers = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue(KeelSchemes.Bearer, bearer);
        }
        headers?.Invoke(request.Headers);
        return Client.SendAsync(request);
    }

    public Task<HttpResponseMessage> GetAsync(string path, string? bearer = null) => SendAsync(HttpMethod.Get, path, bearer);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
