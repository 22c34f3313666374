namespace Keel.Serving.Deployments.Tests;

public class ShadowRoutingTests
{
    [Fact]
    public void A_full_shadow_gets_every_request_and_never_answers()
    {
        var router = new TrafficRouter(new Random(5));
        var table = RoutingTable.Build(Plans.Canary(10, RoutingMode.Weighted, Plans.Shadow()));

        var decisions = Enumerable.Range(0, 1000).Select(_ => router.Route(table)).ToArray();

        Assert.All(decisions, d => Assert.NotEqual(VariantRole.Shadow, d.Primary.Role));
        Assert.All(decisions, d => Assert.Equal("shadow", Assert.Single(d.Shadows).Name));
    }

    [Fact]
    public void A_sampled_shadow_gets_its_share_of_requests()
    {
        var router = new TrafficRouter(new Random(6));
        var table = RoutingTable.Build(Plans.Canary(10, RoutingMode.Weighted, Plans.Shadow(25), Plans.Shadow(100, "mirror", 4)));

        var decisions = Enumerable.Range(0, 10_000).Select(_ => router.Route(table)).ToArray();

        Assert.InRange(decisions.Count(d => d.Shadows.Any(s => s.Name == "shadow")), 2200, 2800);
        Assert.All(decisions, d => Assert.Contains(d.Shadows, s => s.Name == "mirror"));
    }

    [Fact]
    public void In_sticky_mode_a_sampled_shadow_sees_the_same_entities_every_time()
    {
        var router = new TrafficRouter();
        var table = RoutingTable.Build(Plans.Canary(10, RoutingMode.Sticky, Plans.Shadow(25)));
        var entities = Enumerable.Range(0, 10_000).Select(i => $"e{i}").ToArray();

        var shadowed = entities.Where(e => router.Route(table, e).Shadows.Count == 1).ToHashSet();

        Assert.InRange(shadowed.Count, 2200, 2800);
        Assert.All(entities.Take(500), e => Assert.Equal(shadowed.Contains(e), router.Route(table, e).Shadows.Count == 1));
    }

    [Fact]
    public void A_plan_without_shadows_gives_none()
    {
        var decision = new TrafficRouter().Route(Plans.Canary(10));

        Assert.Equal(0, decision.Shadows.Count);
        Assert.Empty(decision.Shadows);
    }
}
