namespace Keel.Serving.Deployments.Tests;

public class WeightedRoutingTests
{
    private const int Requests = 10_000;

    [Fact]
    public void A_canary_at_10_percent_receives_10_percent_of_10000_requests_without_entities()
    {
        var router = new TrafficRouter(new Random(20261128));
        var table = RoutingTable.Build(Plans.Canary(10));

        var canary = Enumerable.Range(0, Requests).Count(_ => router.Route(table).Primary.Role == VariantRole.Canary);

        Assert.InRange(canary, 700, 1300);
    }

    [Fact]
    public void A_canary_at_10_percent_receives_10_percent_of_10000_requests_with_random_entities()
    {
        var router = new TrafficRouter(new Random(7));
        var table = RoutingTable.Build(Plans.Canary(10));

        var canary = Enumerable.Range(0, Requests).Count(_ => router.Route(table, Guid.NewGuid().ToString()).Primary.Role == VariantRole.Canary);

        Assert.InRange(canary, 700, 1300);
    }

    [Fact]
    public void The_shared_generator_also_gives_the_shares()
    {
        var router = new TrafficRouter();
        var table = RoutingTable.Build(Plans.Canary(10));

        var canary = Enumerable.Range(0, Requests).Count(_ => router.Route(table).Primary.Role == VariantRole.Canary);

        // Unseeded: 10% ± 3% is more than 9 standard deviations (sd = 30 requests), so this cannot flake in practice.
        Assert.InRange(canary, 700, 1300);
    }

    [Fact]
    public void Weighted_mode_ignores_the_entity()
    {
        var router = new TrafficRouter(new Random(1));
        var table = RoutingTable.Build(Plans.Canary(50));

        var variants = Enumerable.Range(0, 200).Select(_ => router.Route(table, "same-entity").Primary.Name).Distinct().Count();

        Assert.False(router.Route(table, "same-entity").IsSticky);
        Assert.Equal(2, variants);
    }

    [Fact]
    public void A_seeded_router_repeats_its_choices()
    {
        var table = RoutingTable.Build(Plans.Canary(30));
        var first = new TrafficRouter(new Random(42));
        var second = new TrafficRouter(new Random(42));

        var a = Enumerable.Range(0, 1000).Select(_ => first.Route(table).Primary.Name).ToArray();
        var b = Enumerable.Range(0, 1000).Select(_ => second.Route(table).Primary.Name).ToArray();

        Assert.Equal(a, b);
    }

    [Fact]
    public void Three_way_splits_follow_their_weights_and_a_zero_weight_variant_gets_nothing()
    {
        var plan = new DeploymentPlan(Plans.Tenant, Plans.Model, RoutingMode.Weighted,
        [
            new("stable", 1, 60),
            new("canary", 2, 0, VariantRole.Canary),
            new("a", 3, 25, VariantRole.Challenger),
            new("b", 4, 15, VariantRole.Challenger),
        ]);
        var router = new TrafficRouter(new Random(3));
        var table = RoutingTable.Build(plan);

        var counts = Enumerable.Range(0, Requests).Select(_ => router.Route(table).Primary.Name).CountBy(n => n).ToDictionary();

        Assert.False(counts.ContainsKey("canary"));
        Assert.InRange(counts["stable"], 5700, 6300);
        Assert.InRange(counts["a"], 2200, 2800);
        Assert.InRange(counts["b"], 1200, 1800);
    }

    [Fact]
    public void Routing_allocates_nothing_per_request()
    {
        var router = new TrafficRouter();
        var weighted = RoutingTable.Build(Plans.Canary(10, RoutingMode.Weighted, Plans.Shadow(50)));
        var sticky = RoutingTable.Build(Plans.Canary(10, RoutingMode.Sticky, Plans.Shadow(50)));
        var entities = Enumerable.Range(0, 1000).Select(i => $"customer-{i}").ToArray();
        var shadows = 0;
        for (var i = 0; i < 1000; i++)
        {
            shadows += router.Route(weighted).Shadows.Count + router.Route(sticky, entities[i]).Shadows.Count;
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            var decision = router.Route(i % 2 == 0 ? weighted : sticky, entities[i % entities.Length]);
            foreach (var shadow in decision.Shadows)
            {
                shadows += shadow.Version;
            }
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(shadows > 0);
        Assert.Equal(0, allocated);
    }
}
