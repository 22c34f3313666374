using System.Net;
using System.Text.Json.Nodes;

namespace Keel.Functions.Tests;

/// <summary>POST /api/lifecycle/apply on the running platform: a dry run unless told otherwise, the caller's tenant only, typos refused.</summary>
public sealed class LifecycleHttpTests : IAsyncLifetime
{
    private RunningPlatform _platform = null!;

    public async Task InitializeAsync() => _platform = await RunningPlatform.StartAsync(new Dictionary<string, string?>
    {
        ["Keel:Retention:Tenants:acme:ExperimentArtifacts:OlderThanDays"] = "30",
    });

    public async Task DisposeAsync() => await _platform.DisposeAsync();

    [Fact]
    public async Task Without_dry_run_false_it_only_plans_and_a_misspelt_flag_is_refused()
    {
        using var acme = _platform.ClientFor("acme");

        var planned = await acme.PostAsync("/api/lifecycle/apply", null);
        var typo = await acme.PostAsync("/api/lifecycle/apply?dryRun=nope", null);

        Assert.Equal(HttpStatusCode.OK, planned.StatusCode);
        var report = JsonNode.Parse(await planned.Content.ReadAsStringAsync())!;
        Assert.Contains("dry", report["mode"]!.ToJsonString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(["acme"], report["actingTenants"]!.AsArray().Select(t => (string)t!));
        Assert.Equal(HttpStatusCode.BadRequest, typo.StatusCode);
    }
}
