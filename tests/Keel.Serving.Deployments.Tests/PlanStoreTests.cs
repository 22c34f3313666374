namespace Keel.Serving.Deployments.Tests;

public class PlanStoreTests
{
    [Fact]
    public void Saving_assigns_increasing_revisions_and_the_latest_plan_is_served()
    {
        var store = new InMemoryDeploymentPlanStore();

        var first = store.Save(Plans.Canary(10));
        var second = store.Save(Plans.Canary(20), expectedRevision: 1);

        Assert.Equal(1, first.Revision);
        Assert.Equal(2, second.Revision);
        Assert.NotNull(second.UpdatedAt);
        Assert.Same(second, store.Get(Plans.Tenant, Plans.Model)!.Plan);
    }

    [Fact]
    public void A_save_based_on_an_old_revision_is_refused_and_changes_nothing()
    {
        var store = new InMemoryDeploymentPlanStore();
        store.Save(Plans.Canary(10));
        store.Save(Plans.Canary(20));

        var conflict = Assert.Throws<PlanConflictException>(() => store.Save(Plans.Canary(50), expectedRevision: 1));

        Assert.Equal(2, conflict.ActualRevision);
        Assert.Equal(20, store.Get(Plans.Tenant, Plans.Model)!.Plan.Find(VariantRole.Canary)!.Weight);
        Assert.Throws<PlanConflictException>(() => store.Save(Plans.Canary(50) with { Model = "new-model" }, expectedRevision: 1));
        Assert.Equal(1, store.Save(Plans.Canary(50) with { Model = "new-model" }, expectedRevision: 0).Revision);
    }

    [Fact]
    public void An_invalid_plan_is_refused_and_the_old_one_keeps_serving()
    {
        var store = new InMemoryDeploymentPlanStore();
        var saved = store.Save(Plans.Canary(10));

        Assert.Throws<InvalidDeploymentPlanException>(() => store.Save(Plans.Canary(10) with { Variants = [new("stable", 1, 99)] }));

        Assert.Same(saved, store.Get(Plans.Tenant, Plans.Model)!.Plan);
    }

    [Fact]
    public void Plans_are_kept_per_tenant_and_revisions_are_not_reused_after_removal()
    {
        var store = new InMemoryDeploymentPlanStore();
        store.Save(Plans.Canary(10));
        store.Save(Plans.Canary(10) with { Tenant = "globex" });

        Assert.Single(store.List(Plans.Tenant));
        Assert.Null(store.Get("initech", Plans.Model));
        Assert.True(store.Remove(Plans.Tenant, Plans.Model, expectedRevision: 1));
        Assert.False(store.Remove(Plans.Tenant, Plans.Model));
        Assert.Null(store.Get(Plans.Tenant, Plans.Model));
        Assert.NotNull(store.Get("globex", Plans.Model));
        Assert.Equal(2, store.Save(Plans.Canary(10)).Revision);
    }

    [Fact]
    public void Changing_the_callers_list_after_saving_does_not_change_the_live_plan()
    {
        var store = new InMemoryDeploymentPlanStore();
        var variants = new List<DeploymentVariant> { new("stable", 1, 100) };
        store.Save(new DeploymentPlan(Plans.Tenant, Plans.Model, RoutingMode.Weighted, variants));

        variants.Add(new("canary", 2, 50, VariantRole.Canary));

        Assert.Single(store.Get(Plans.Tenant, Plans.Model)!.Plan.Variants);
    }

    [Fact]
    public async Task Requests_routed_during_concurrent_updates_never_see_a_torn_plan()
    {
        var store = new InMemoryDeploymentPlanStore();
        var router = new TrafficRouter();
        // Each generation k has stable version k and canary version k + 1000 at a weight that depends
        // on k: any mixture of two generations breaks one of these relations.
        static DeploymentPlan Generation(int k) => new(Plans.Tenant, Plans.Model, k % 2 == 0 ? RoutingMode.Sticky : RoutingMode.Weighted,
        [
            new("stable", k, 100 - (k % 50 + 1), VariantRole.Stable),
            new("canary", k + 1000, k % 50 + 1, VariantRole.Canary),
            new("shadow", k + 2000, 100, VariantRole.Shadow),
        ]);
        store.Save(Generation(1));

        // Dedicated threads released together, so readers and the writer really overlap even on a busy
        // machine; each side does a fixed amount of work rather than racing a clock.
        using var go = new ManualResetEventSlim();
        var writerDone = 0;
        var writer = Task.Factory.StartNew(() =>
        {
            go.Wait();
            var k = 1;
            while (k < 3000)
            {
                store.Save(Generation(++k));
            }
            Volatile.Write(ref writerDone, 1);
            return k;
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var readers = Enumerable.Range(0, 4).Select(r => Task.Factory.StartNew(() =>
        {
            go.Wait();
            long routed = 0;
            var revisions = new HashSet<long>();
            while (Volatile.Read(ref writerDone) == 0 || routed < 1000)
            {
                var table = store.Get(Plans.Tenant, Plans.Model)!;
                var decision = router.Route(table, $"entity-{routed % 997}");
                var plan = decision.Plan;
                var stable = plan.Variants[0].Version;
                Assert.Same(table.Plan, plan);
                Assert.Equal(stable + 1000, plan.Variants[1].Version);
                Assert.Equal(stable % 50 + 1, plan.Variants[1].Weight);
                Assert.Equal(100, plan.Variants.Where(v => v.IsServing).Sum(v => v.Weight));
                Assert.Contains(decision.Primary, plan.Variants);
                Assert.True(decision.Primary.Version == stable || decision.Primary.Version == stable + 1000);
                Assert.Equal(stable + 2000, Assert.Single(decision.Shadows).Version);
                revisions.Add(plan.Revision);
                routed++;
            }
            return revisions.Count;
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        go.Set();

        var generations = await writer;
        var revisionsSeen = await Task.WhenAll(readers);

        // Readers that saw more than one revision read while plans were being swapped.
        Assert.Contains(revisionsSeen, n => n > 1);
        Assert.Equal(generations, store.Get(Plans.Tenant, Plans.Model)!.Plan.Revision);
    }
}
