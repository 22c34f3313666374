using System.Net;

namespace Keel.Functions.Tests;

/// <summary>The per-caller rate limit of the platform: each tenant's and each identity's bucket is its own, and probes are never limited.</summary>
public sealed class RateLimitHttpTests : IAsyncLifetime
{
    private RunningPlatform _platform = null!;

    public async Task InitializeAsync() => _platform = await RunningPlatform.StartAsync(new Dictionary<string, string?>
    {
        ["Keel:RateLimit:PermitLimit"] = "3",
        ["Keel:RateLimit:TokensPerPeriod"] = "1",
        ["Keel:RateLimit:Window"] = "00:10:00",
    });

    public async Task DisposeAsync() => await _platform.DisposeAsync();

    [Fact]
    public async Task A_caller_over_its_limit_gets_429_with_retry_after_while_other_tenants_and_probes_go_on()
    {
        using var acme = _platform.ClientFor("acme");
        using var globex = _platform.ClientFor("globex");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await acme.GetAsync("/api/models")).StatusCode);
        }
        var limited = await acme.GetAsync("/api/models");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After missing");
        Assert.Contains("rate", await limited.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await globex.GetAsync("/api/models")).StatusCode);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await acme.GetAsync("/health/live")).StatusCode);
        }
    }
}
