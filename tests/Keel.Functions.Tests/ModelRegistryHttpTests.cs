using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Keel.ModelRegistry;
using Keel.Storage.Artifacts;
using Microsoft.Extensions.DependencyInjection;

namespace Keel.Functions.Tests;

/// <summary>The registry over HTTP: reads scoped to the tenant, changes that need an actor, artifacts reached through versions.</summary>
public sealed class ModelRegistryHttpTests : IAsyncLifetime
{
    private RunningPlatform _platform = null!;
    private byte[] _onnx = [];

    public async Task InitializeAsync()
    {
        _platform = await RunningPlatform.StartAsync();
        _onnx = Encoding.UTF8.GetBytes("not really onnx, but content-addressed all the same");
        var artifact = await _platform.Services.GetRequiredService<IArtifactStore>().PutAsync(new MemoryStream(_onnx), "application/octet-stream", default);
        var registry = _platform.Services.GetRequiredService<IModelRegistry>();
        await registry.GetOrCreateModelAsync("acme", new NewRegisteredModel("credit", "risk-team"), default);
        var lineage = new Lineage
        {
            DatasetSnapshotHash = new string('a', 64),
            RowCount = 10,
            FeatureService = "credit_model",
            TrainingSpecHash = new string('b', 64),
            Seed = 42,
            CodeVersion = "test",
        };
        await registry.CreateVersionAsync("acme", "credit", new NewModelVersion(artifact.Sha256, lineage) { Metrics = new Dictionary<string, double> { ["auc"] = 0.8 } }, "alice", default);
    }

    public async Task DisposeAsync() => await _platform.DisposeAsync();

    private HttpRequestMessage Request(HttpMethod method, string path, object? body = null, string tenant = "acme", string? actor = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Keel-Tenant", tenant);
        if (actor is not null)
        {
            request.Headers.Add("X-Keel-Actor", actor);
        }
        if (body is not null)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        }
        return request;
    }

    [Fact]
    public async Task Models_and_versions_are_listed_for_their_tenant_only()
    {
        var models = JsonNode.Parse(await (await _platform.Client.SendAsync(Request(HttpMethod.Get, "/api/models"))).Content.ReadAsStringAsync())!;
        var version = await _platform.Client.SendAsync(Request(HttpMethod.Get, "/api/models/credit/versions/1"));
        var otherTenant = await _platform.Client.SendAsync(Request(HttpMethod.Get, "/api/models/credit/versions/1", tenant: "other"));

        Assert.Equal("credit", (string?)models["models"]![0]!["name"]);
        Assert.Equal(HttpStatusCode.OK, version.StatusCode);
        Assert.Equal(new string('a', 64), (string?)JsonNode.Parse(await version.Content.ReadAsStringAsync())!["version"]!["lineage"]!["datasetSnapshotHash"]);
        Assert.Equal(HttpStatusCode.NotFound, otherTenant.StatusCode);
    }

    [Fact]
    public async Task A_stage_change_needs_an_identity_follows_the_rules_and_is_recorded_as_its_caller()
    {
        using var nobody = new HttpClient { BaseAddress = _platform.Client.BaseAddress };
        var anonymous = await nobody.SendAsync(Request(HttpMethod.Post, "/api/models/credit/versions/1/stage", new { stage = "Staging", reason = "ready" }, actor: "bob"));
        var inAnothersName = Request(HttpMethod.Post, "/api/models/credit/versions/1/stage", new { stage = "Staging", reason = "ready" }, actor: "bob");
        inAnothersName.Headers.Authorization = TestCallers.Bearer(_platform.Services, "acme", user: "alice");
        var impersonating = await _platform.Client.SendAsync(inAnothersName);
        var skipping = await _platform.Client.SendAsync(Request(HttpMethod.Post, "/api/models/credit/versions/1/stage", new { stage = "Production", reason = "rush" }, actor: "bob"));
        var staged = await _platform.Client.SendAsync(Request(HttpMethod.Post, "/api/models/credit/versions/1/stage", new { stage = "Staging", reason = "ready" }, actor: "bob"));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, impersonating.StatusCode);
        Assert.Contains("'alice'", await impersonating.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Conflict, skipping.StatusCode);
        Assert.Equal(HttpStatusCode.OK, staged.StatusCode);
        var model = JsonNode.Parse(await (await _platform.Client.SendAsync(Request(HttpMethod.Get, "/api/models/credit"))).Content.ReadAsStringAsync())!;
        var transition = model["transitions"]!.AsArray().Single();
        Assert.Equal("bob", (string?)transition!["actor"]);
        Assert.Equal("ready", (string?)transition["reason"]);
    }

    [Fact]
    public async Task An_artifact_is_served_through_its_version_and_not_to_another_tenant()
    {
        var onnx = await _platform.Client.SendAsync(Request(HttpMethod.Get, "/api/models/credit/versions/1/artifacts/onnx"));
        var missing = await _platform.Client.SendAsync(Request(HttpMethod.Get, "/api/models/credit/versions/1/artifacts/model-card.html"));
        var foreign = await _platform.Client.SendAsync(Request(HttpMethod.Get, "/api/models/credit/versions/1/artifacts/onnx", tenant: "other"));

        Assert.Equal(_onnx, await onnx.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("onnx", await missing.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
    }

    [Fact]
    public async Task Runs_of_an_unknown_experiment_are_a_404()
    {
        var response = await _platform.Client.SendAsync(Request(HttpMethod.Get, "/api/runs?experiment=nope"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
