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

    [Fact]
    public async Task A_forecast_is_a_dry_run_for_a_later_moment_and_is_refused_when_applied_or_in_the_past()
    {
        using var acme = _platform.ClientFor("acme");
        var later = DateTimeOffset.UtcNow.AddDays(31);

        var forecast = await acme.PostAsync($"/api/lifecycle/apply?asOf={Uri.EscapeDataString(later.ToString("O"))}", null);
        var applied = await acme.PostAsync($"/api/lifecycle/apply?dryRun=false&asOf={Uri.EscapeDataString(later.ToString("O"))}", null);
        var past = await acme.PostAsync("/api/lifecycle/apply?asOf=2020-01-01T00:00:00Z", null);
        var malformed = await acme.PostAsync("/api/lifecycle/apply?asOf=next-month", null);

        Assert.Equal(HttpStatusCode.OK, forecast.StatusCode);
        var report = JsonNode.Parse(await forecast.Content.ReadAsStringAsync())!;
        Assert.True((bool)report["forecast"]!);
        Assert.Contains("dry", report["mode"]!.ToJsonString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(later, DateTimeOffset.Parse((string)report["plannedAt"]!, System.Globalization.CultureInfo.InvariantCulture));
        foreach (var refused in new[] { applied, past, malformed })
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("asOf", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }
}
