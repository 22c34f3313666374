using Keel.CostAnomaly.Idle;

namespace Keel.CostAnomaly.Tests;

public class IdleEndpointTests
{
    private static readonly DateTimeOffset LastRequest = new(2025, 6, 2, 9, 0, 0, TimeSpan.Zero);

    private static IReadOnlyList<IdleEndpoint> FindAt(DateTimeOffset now, params DeploymentActivity[] deployments) =>
        new IdleEndpointDetector(new IdleOptions(), new ManualClock(now)).Find(deployments);

    private static DeploymentActivity Pd => new("acme", "pd/3", LastRequest.AddDays(-10), LastRequest, 2.40m);

    [Fact]
    public void A_deployment_is_not_idle_a_moment_before_the_period()
    {
        Assert.Empty(FindAt(LastRequest.AddHours(24).AddTicks(-1), Pd));
    }

    [Fact]
    public void A_deployment_is_idle_at_the_period_with_its_hourly_cost_and_idle_since()
    {
        var idle = Assert.Single(FindAt(LastRequest.AddHours(24), Pd));

        Assert.Equal("pd/3", idle.Deployment);
        Assert.Equal(LastRequest, idle.IdleSince);
        Assert.Equal(2.40m, idle.HourlyCost);
        Assert.Equal(TimeSpan.FromHours(24), idle.IdleFor);
        Assert.Equal(57.6m, idle.CostWhileIdle);
    }

    [Fact]
    public void After_the_period_it_stays_idle_costliest_first_and_one_never_called_counts_from_its_deployment()
    {
        var busy = new DeploymentActivity("acme", "fd/1", LastRequest, LastRequest.AddHours(47), 9m);
        var never = new DeploymentActivity("beta", "churn/2", LastRequest.AddHours(-1), null, 5m);

        var idle = FindAt(LastRequest.AddHours(48), Pd, busy, never);

        Assert.Equal(["churn/2", "pd/3"], idle.Select(i => i.Deployment));
        Assert.Equal(LastRequest.AddHours(-1), idle[0].IdleSince);
    }

    [Fact]
    public void The_period_is_configurable()
    {
        var detector = new IdleEndpointDetector(new IdleOptions { Period = TimeSpan.FromHours(2) }, new ManualClock(LastRequest.AddHours(2)));

        Assert.Single(detector.Find([Pd]));
    }
}
