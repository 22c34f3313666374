using System.Net;
using System.Text.Json.Nodes;

namespace Keel.Functions.Tests;

/// <summary>
/// Who may push topic events: the Dapr sidecar with its app API token, for every tenant and on the push
/// routes only; anyone else with the delivery permission, for their own tenant only.
/// </summary>
public sealed class DaprPushAuthTests : IAsyncLifetime
{
    private const string AppToken = "sidecar-token-7c1d5e0b9a";
    private static readonly DateTimeOffset T0 = DateTimeOffset.UtcNow.AddHours(-1);
    private RunningPlatform _platform = null!;

    public async Task InitializeAsync()
    {
        _platform = await RunningPlatform.StartAsync(new Dictionary<string, string?> { ["Keel:Auth:Dapr:AppApiToken"] = AppToken });
        await TestRepository.ApplyAsync(_platform.Client);
        using var acme = _platform.ClientFor("acme");
        await TestRepository.ApplyAsync(acme, "acme");
    }

    public async Task DisposeAsync() => await _platform.DisposeAsync();

    private async Task<HttpResponseMessage> PushAsync(string? token, string tenant, HttpClient? client = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/dapr/materialize-features")
        {
            Content = TestRepository.Single(TestRepository.Record($"push-{Guid.NewGuid():N}", "P1", 3, 30, true, T0, tenant)),
        };
        if (token is not null)
        {
            request.Headers.Add("dapr-api-token", token);
        }
        if (client is null)
        {
            using var anonymous = new HttpClient { BaseAddress = _platform.Client.BaseAddress };
            return await anonymous.SendAsync(request);
        }
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task The_sidecar_token_delivers_any_tenants_events_on_push_routes_only()
    {
        var forDefault = await PushAsync(AppToken, "default");
        var forAcme = await PushAsync(AppToken, "acme");
        Assert.Equal(HttpStatusCode.OK, forDefault.StatusCode);
        Assert.Equal("SUCCESS", (string?)JsonNode.Parse(await forAcme.Content.ReadAsStringAsync())!["status"]);

        Assert.Equal(HttpStatusCode.Unauthorized, (await PushAsync("not-the-token", "default")).StatusCode);
        using var elsewhere = new HttpRequestMessage(HttpMethod.Get, "/api/models");
        elsewhere.Headers.Add("dapr-api-token", AppToken);
        using var anonymous = new HttpClient { BaseAddress = _platform.Client.BaseAddress };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(elsewhere)).StatusCode);
    }

    [Fact]
    public async Task Another_deliverer_may_push_only_its_own_tenants_events()
    {
        using var acmeAdmin = _platform.ClientFor("acme");

        Assert.Equal(HttpStatusCode.OK, (await PushAsync(null, "acme", acmeAdmin)).StatusCode);
        var foreign = await PushAsync(null, "default", acmeAdmin);
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Contains("'acme' only", await foreign.Content.ReadAsStringAsync());
    }
}
