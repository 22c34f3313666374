using System.Net;
using System.Net.Http.Json;
using Keel.ModelRegistry;
using Microsoft.Extensions.DependencyInjection;

namespace Keel.Serving.Tests;

/// <summary>Readiness follows the configured models, and versions are loaded and swapped through the admin API.</summary>
public sealed class StartupTests
{
    [Fact]
    public async Task The_service_is_ready_only_once_every_configured_model_is_loaded()
    {
        // The second model is in a tenant whose champion is only set after the service started.
        await using var server = await ServingServer.StartAsync(new Dictionary<string, string?>
        {
            ["Models:1:Name"] = Loans.Model,
            ["Models:1:Tenant"] = "risk",
            ["LoadRetryDelay"] = "00:00:00.100",
        }, waitUntilReady: false);
        await Task.Delay(300);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await server.Client.GetAsync("/v2/health/ready")).StatusCode);

        var registry = server.Services.GetRequiredService<IModelRegistry>();
        var defaultVersion = await registry.GetVersionAsync("default", Loans.Model, 2, CancellationToken.None);
        await registry.GetOrCreateModelAsync("risk", new NewRegisteredModel(Loans.Model, "tests"), CancellationToken.None);
        await registry.CreateVersionAsync("risk", Loans.Model, new NewModelVersion(defaultVersion!.ArtifactSha256, defaultVersion.Lineage) { RunId = "risk-run" }, "tests", CancellationToken.None);
        await registry.TransitionAsync("risk", new TransitionRequest(Loans.Model, 1, ModelStage.Staging, "tests", "staging"), CancellationToken.None);
        await registry.TransitionAsync("risk", new TransitionRequest(Loans.Model, 1, ModelStage.Production, "tests", "no champion: the Production version serves"), CancellationToken.None);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!(await server.Client.GetAsync("/v2/health/ready")).IsSuccessStatusCode)
        {
            Assert.True(DateTime.UtcNow < deadline, "never ready");
            await Task.Delay(50);
        }
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v2/models/{Loans.Model}");
        request.Headers.Add("X-Keel-Tenant", "risk");
        Assert.Equal(HttpStatusCode.OK, (await server.Client.SendAsync(request)).StatusCode);
        // Another tenant's models are not found.
        using var other = new HttpRequestMessage(HttpMethod.Get, $"/v2/models/{Loans.Model}");
        other.Headers.Add("X-Keel-Tenant", "nobody");
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.SendAsync(other)).StatusCode);
    }

    [Fact]
    public async Task A_host_following_every_deployment_serves_again_what_the_registry_says_is_deployed()
    {
        // Nothing configured, and no deployment event on a fresh event log: as `keel up` after a restart.
        await using var server = await ServingServer.StartAsync(new Dictionary<string, string?> { ["FollowAllDeployments"] = "true" }, loadModel: false, waitUntilReady: false);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (server.Host.Find("default", Loans.Model, null) is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "the champion was not loaded again");
            await Task.Delay(50);
        }

        Assert.Equal(1, server.Host.Find("default", Loans.Model, null)!.Version);
        Assert.Contains(server.Logs.Entries, e => e.Message.Contains("as deployed before the restart", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync($"/v2/models/{Loans.Model}/ready")).StatusCode);
    }

    [Fact]
    public async Task Loading_an_unregistered_version_is_404()
    {
        await using var server = await ServingServer.StartAsync();

        var response = await server.Client.SendAsync(ServingServer.Load(new { version = 9, makeCurrent = true }));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("no version 9", await response.Content.ReadAsStringAsync());
        Assert.Equal(1, server.Host.Find("default", Loans.Model, null)!.Version);
    }

    [Fact]
    public async Task Loading_needs_the_deploy_permission()
    {
        await using var server = await ServingServer.StartAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/serving/models/{Loans.Model}/load") { Content = JsonContent.Create(new { version = 2 }) };
        request.Headers.Authorization = TestCallers.Bearer(server.Services, role: Keel.Security.Permissions.KeelRoles.DataScientist);

        var response = await server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("keel:deploy", await response.Content.ReadAsStringAsync());
        Assert.Null(server.Host.Find("default", Loans.Model, 2));
    }
}
