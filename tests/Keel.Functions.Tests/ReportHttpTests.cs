using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Keel.Decay;
using Keel.Decay.Storage;
using Keel.Drift;
using Keel.Drift.Profiles;
using Keel.Drift.Windows;
using Keel.ModelRegistry;
using Keel.Monitoring;
using Keel.Storage.Artifacts;
using Microsoft.Extensions.DependencyInjection;

namespace Keel.Functions.Tests;

/// <summary>The drift and decay reports over HTTP on the embedded platform: formats, bad input, missing history, tenants.</summary>
public sealed class ReportHttpTests : IAsyncLifetime
{
    private const string Tenant = "acme";
    private RunningPlatform _platform = null!;

    public async Task InitializeAsync()
    {
        _platform = await RunningPlatform.StartAsync();
        var services = _platform.Services;
        var artifacts = services.GetRequiredService<IArtifactStore>();
        var registry = services.GetRequiredService<IModelRegistry>();
        var onnx = await artifacts.PutAsync(new MemoryStream(Encoding.UTF8.GetBytes("onnx")), "application/octet-stream", default);
        await registry.GetOrCreateModelAsync(Tenant, new NewRegisteredModel("credit", "risk-team"), default);
        await registry.CreateVersionAsync(Tenant, "credit", new NewModelVersion(onnx.Sha256, new Lineage
        {
            DatasetSnapshotHash = onnx.Sha256,
            TrainingSpecHash = onnx.Sha256,
            CodeVersion = "test",
        }) { Metrics = new Dictionary<string, double> { ["accuracy"] = 0.6 } }, "alice", default);
        var reference = Profile(1000, seed: 1);
        var stored = await artifacts.PutAsync(new MemoryStream(Encoding.UTF8.GetBytes(reference.ToJson())), "application/json", default);
        await registry.AttachArtifactAsync(Tenant, "credit", 1, ArtifactNames.ReferenceProfile, stored.Sha256, "alice", default);

        var key = new Keel.Monitoring.VersionKey(Tenant, "credit", 1);
        var end = DateTimeOffset.UtcNow.AddMinutes(-5);
        var live = Profile(300, seed: 2);
        var judgement = DriftAlerts.Judge(key, new ClosedWindow(end.AddHours(-1), end, live.Rows, live, WindowCloseReason.Full), reference, new ModelDriftPolicy());
        await services.GetRequiredService<DriftHistory>().RecordAsync([JudgedWindow.Of(judgement, end)], default);

        var store = services.GetRequiredService<SqliteDecayStore>();
        var ids = Enumerable.Range(0, 40).Select(i => "p" + i).ToArray();
        await store.ApplyAsync([.. ids.Select((id, i) => new ObservedPrediction("e-" + id, Tenant, id, id, "credit", 1, i % 2 == 0 ? 0.8 : 0.3, end.AddSeconds(i)))], [], end, new DecayOptions(), default);
        await store.ApplyAsync([], [.. ids.Select((id, i) => new ObservedLabel("l-" + id, Tenant, id, i % 4 == 0 ? "true" : "false", end))], end, new DecayOptions(), default);
    }

    public async Task DisposeAsync() => await _platform.DisposeAsync();

    private static DatasetProfile Profile(int rows, int seed)
    {
        var random = new Random(seed);
        var builder = new ProfileBuilder(new ProfileSchema(new Dictionary<string, FeatureKind> { ["income"] = FeatureKind.Numeric, ["region"] = FeatureKind.Categorical }, ReferenceProfiles.ScoreColumn));
        for (var i = 0; i < rows; i++)
        {
            builder.Add(new Dictionary<string, object?>
            {
                ["income"] = 20_000 + random.NextDouble() * 80_000,
                ["region"] = random.Next(2) == 0 ? "north" : "south",
                [ReferenceProfiles.ScoreColumn] = random.NextDouble(),
            });
        }
        return builder.Profile;
    }

    private Task<HttpResponseMessage> GetAsync(string path, string tenant = Tenant)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Keel-Tenant", tenant);
        return _platform.Client.SendAsync(request);
    }

    [Fact]
    public async Task The_drift_report_is_served_as_json_and_as_a_page()
    {
        using var json = await GetAsync("/api/reports/drift/credit");
        using var html = await GetAsync("/api/reports/drift/credit?version=1&window=24h&format=html");

        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        Assert.Equal("application/json", json.Content.Headers.ContentType?.MediaType);
        var report = JsonNode.Parse(await json.Content.ReadAsStringAsync())!;
        Assert.Equal(1, (int)report["version"]!);
        Assert.Equal("latest", (string)report["window"]!["selector"]!);
        Assert.Equal(300, (long)report["live_rows"]!);
        Assert.False((bool)report["dataset_drift"]!);
        Assert.Equal(["income", "region"], report["features"]!.AsArray().Select(f => (string)f!["feature"]!));
        Assert.Equal(HttpStatusCode.OK, html.StatusCode);
        Assert.Equal("text/html", html.Content.Headers.ContentType?.MediaType);
        var page = await html.Content.ReadAsStringAsync();
        Assert.Contains("data-feature=\"income\"", page);
        Assert.Contains("window 24h", page);
    }

    [Fact]
    public async Task The_decay_report_is_served_with_the_registered_metrics()
    {
        using var response = await GetAsync("/api/reports/decay/credit?window=7d");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(40, (long)report["labelled"]!);
        var accuracy = report["metrics"]!.AsArray().Single(m => (string)m!["metric"]! == "accuracy")!;
        // Scores of 0.8 on even predictions, positives on every fourth: 30 of 40 right.
        Assert.Equal(0.75, (double)accuracy["live"]!, 9);
        Assert.Equal(0.6, (double)accuracy["registered"]!, 9);
        Assert.Equal("not_judged", (string)report["verdict"]!);
    }

    [Theory]
    [InlineData("/api/reports/drift/credit?window=soon", "window")]
    [InlineData("/api/reports/drift/credit?version=0", "version")]
    [InlineData("/api/reports/drift/credit?format=pdf", "format")]
    [InlineData("/api/reports/decay/credit?window=latest", "window")]
    public async Task Bad_input_is_a_400_problem_naming_what_was_wrong(string path, string field)
    {
        using var response = await GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.StartsWith(field + ":", (string)problem["detail"]!);
    }

    [Theory]
    [InlineData("/api/reports/drift/fraud", Tenant)]
    [InlineData("/api/reports/drift/credit?version=2", Tenant)]
    [InlineData("/api/reports/drift/credit", "globex")]
    [InlineData("/api/reports/decay/credit", "globex")]
    [InlineData("/api/reports/decay/credit?version=5", Tenant)]
    public async Task No_history_for_the_model_version_or_tenant_is_a_404_problem(string path, string tenant)
    {
        using var response = await GetAsync(path, tenant);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var model = path.Split('/')[4].Split('?')[0];
        Assert.Contains($"'{model}'", (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["detail"]!);
    }
}
