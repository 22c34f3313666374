namespace Keel.Serving.Deployments.Tests;

public class StickyRoutingTests
{
    private static readonly string[] Entities = Enumerable.Range(0, 10_000).Select(i => $"customer-{i:D6}").ToArray();

    [Fact]
    public void A_canary_at_10_percent_receives_10_percent_of_10000_distinct_entities()
    {
        var router = new TrafficRouter();
        var table = RoutingTable.Build(Plans.Canary(10, RoutingMode.Sticky));

        var canary = Entities.Count(e => router.Route(table, e).Primary.Role == VariantRole.Canary);

        Assert.InRange(canary, 700, 1300);
    }

    [Fact]
    public void The_same_entity_always_gets_the_same_variant_across_calls_and_router_instances()
    {
        var table = RoutingTable.Build(Plans.Canary(50, RoutingMode.Sticky));
        var router = new TrafficRouter(new Random(1));
        var first = Entities.Take(100).ToDictionary(e => e, e => router.Route(table, e).Primary.Name);

        for (var call = 0; call < 1000; call++)
        {
            var entity = Entities[call % 100];
            Assert.Equal(first[entity], router.Route(table, entity).Primary.Name);
        }
        // A fresh router with another generator, over a table built afresh from an equal plan: as in another process.
        var fresh = new TrafficRouter(new Random(2));
        var rebuilt = RoutingTable.Build(Plans.Canary(50, RoutingMode.Sticky));
        Assert.All(first, pair => Assert.Equal(pair.Value, fresh.Route(rebuilt, pair.Key).Primary.Name));
        Assert.Equal(2, first.Values.Distinct().Count());
        Assert.True(router.Route(table, Entities[0]).IsSticky);
    }

    [Fact]
    public void The_bucket_of_an_entity_is_fixed_by_sha256_of_model_and_entity()
    {
        // Pinned so a change to the hashing (which would move every entity) cannot pass unnoticed.
        var bucket = TrafficRouter.StickyBucket("credit-risk", "customer-000042");

        Assert.Equal(bucket, TrafficRouter.StickyBucket("credit-risk", "customer-000042"));
        Assert.NotEqual(bucket, TrafficRouter.StickyBucket("fraud", "customer-000042"));
        Assert.InRange(bucket, 0, 1);
        var input = System.Text.Encoding.UTF8.GetBytes("credit-risk\0customer-000042");
        var hash = System.Security.Cryptography.SHA256.HashData(input);
        var expected = (System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(hash) >> 11) / (double)(1UL << 53);
        Assert.Equal(expected, bucket);
    }

    [Fact]
    public void Raising_the_canary_from_10_to_20_percent_only_moves_entities_into_it()
    {
        var router = new TrafficRouter();
        var at10 = RoutingTable.Build(Plans.Canary(10, RoutingMode.Sticky));
        var at20 = RoutingTable.Build(Plans.Canary(20, RoutingMode.Sticky));

        var before = Entities.Where(e => router.Route(at10, e).Primary.Role == VariantRole.Canary).ToHashSet();
        var after = Entities.Where(e => router.Route(at20, e).Primary.Role == VariantRole.Canary).ToHashSet();

        Assert.Subset(after, before);
        Assert.InRange(after.Count, 1700, 2300);
        Assert.InRange(after.Count - before.Count, 700, 1300);
    }

    [Fact]
    public void A_canary_and_an_ab_challenger_grow_without_moving_each_others_entities()
    {
        var router = new TrafficRouter();
        DeploymentPlan Plan(double canary, double challenger) => new(Plans.Tenant, Plans.Model, RoutingMode.Sticky,
        [
            new("stable", 1, 100 - canary - challenger),
            new("canary", 2, canary, VariantRole.Canary),
            new("b", 3, challenger, VariantRole.Challenger),
        ]);
        var start = RoutingTable.Build(Plan(10, 10));
        var canaryGrown = RoutingTable.Build(Plan(20, 10));
        var challengerGrown = RoutingTable.Build(Plan(10, 30));

        var inCanary = Entities.Where(e => router.Route(start, e).Primary.Name == "canary").ToArray();
        var inChallenger = Entities.Where(e => router.Route(start, e).Primary.Name == "b").ToArray();

        Assert.All(inCanary, e => Assert.Equal("canary", router.Route(canaryGrown, e).Primary.Name));
        Assert.All(inChallenger, e => Assert.Equal("b", router.Route(canaryGrown, e).Primary.Name));
        Assert.All(inCanary, e => Assert.Equal("canary", router.Route(challengerGrown, e).Primary.Name));
        Assert.All(inChallenger, e => Assert.Equal("b", router.Route(challengerGrown, e).Primary.Name));
    }

    [Fact]
    public void Requests_without_an_entity_fall_back_to_a_random_draw()
    {
        var router = new TrafficRouter(new Random(11));
        var table = RoutingTable.Build(Plans.Canary(10, RoutingMode.Sticky));

        var decisions = Enumerable.Range(0, 10_000).Select(i => router.Route(table, i % 2 == 0 ? null : "")).ToArray();

        Assert.All(decisions, d => Assert.False(d.IsSticky));
        Assert.InRange(decisions.Count(d => d.Primary.Role == VariantRole.Canary), 700, 1300);
    }

    [Fact]
    public void Long_and_non_ascii_entity_keys_are_sticky_too()
    {
        var router = new TrafficRouter();
        var table = RoutingTable.Build(Plans.Canary(50, RoutingMode.Sticky));
        var keys = new[] { new string('x', 5000), "José-Ødegård-北京-🙂", "e" };

        foreach (var key in keys)
        {
            var first = router.Route(table, key).Primary;
            Assert.All(Enumerable.Range(0, 50), _ => Assert.Same(first, router.Route(table, key).Primary));
        }
    }
}
