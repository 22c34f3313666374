namespace Keel.Serving.Deployments.Tests;

/// <summary>The plans a canary rollout goes through, and that each is a valid plan.</summary>
public sealed class CanaryPlanTests
{
    [Fact]
    public void A_canary_takes_its_percentage_from_stable_and_keeps_the_shadows_of_the_plan_it_replaces()
    {
        var before = new DeploymentPlan("t", "m", RoutingMode.Sticky,
        [
            new("stable", 1, 70, VariantRole.Stable),
            new("b", 4, 30, VariantRole.Challenger),
            new("mirror", 5, 20, VariantRole.Shadow),
            new("Canary", 6, 10, VariantRole.Shadow),
        ]);

        var plan = CanaryPlans.Start("t", "m", 1, 2, 12.5, "wf-1", before);

        Assert.Empty(DeploymentPlanValidator.Validate(plan));
        Assert.Equal(RoutingMode.Sticky, plan.Mode);
        Assert.Equal(
            [("stable", 1, 87.5, VariantRole.Stable), ("canary", 2, 12.5, VariantRole.Canary), ("mirror", 5, 20.0, VariantRole.Shadow)],
            plan.Variants.Select(v => (v.Name, v.Version, v.Weight, v.Role)));
        Assert.Equal("wf-1", plan.WorkflowInstanceId);
        Assert.True(CanaryPlans.IsCanaryOf(plan, 1, 2));
        Assert.False(CanaryPlans.IsCanaryOf(plan, 1, 3));
    }

    [Fact]
    public void Ending_a_canary_alone_leaves_no_plan_and_ending_one_among_challengers_gives_stable_its_share()
    {
        Assert.Null(CanaryPlans.End(CanaryPlans.Start("t", "m", 1, 2, 10, "wf-1"), 2));

        var mixed = new DeploymentPlan("t", "m", RoutingMode.Weighted,
        [
            new("main", 1, 60, VariantRole.Stable),
            new("canary", 2, 10, VariantRole.Canary),
            new("b", 3, 30, VariantRole.Challenger),
        ]) { WorkflowInstanceId = "wf-1" };
        var ended = CanaryPlans.End(mixed, 1)!;

        Assert.Empty(DeploymentPlanValidator.Validate(ended));
        Assert.Equal([("main", 1, 70.0), ("b", 3, 30.0)], ended.Variants.Select(v => (v.Name, v.Version, v.Weight)));
        Assert.Null(ended.WorkflowInstanceId);
    }

    [Fact]
    public void Every_tenants_plans_are_listed()
    {
        var store = new InMemoryDeploymentPlanStore();
        store.Save(CanaryPlans.Start("b", "m", 1, 2, 10, null));
        store.Save(CanaryPlans.Start("a", "m", 1, 2, 10, null));

        Assert.Equal(["a", "b"], store.ListAll().Select(p => p.Tenant));
    }
}
