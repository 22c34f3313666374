using Keel.Serving.Deployments;

namespace Keel.Governance.Tests;

/// <summary>Saved and removed plans are appended once stored; invalid plans, stale revisions and removing nothing append nothing.</summary>
public sealed class AuditedDeploymentPlanStoreTests : IDisposable
{
    private readonly AuditBed _bed = new();
    private readonly AuditedDeploymentPlanStore _plans;

    public AuditedDeploymentPlanStoreTests()
    {
        _plans = new AuditedDeploymentPlanStore(new InMemoryDeploymentPlanStore(), _bed.Log, _bed.Actors);
    }

    private static DeploymentPlan Canary(string by) => new("acme", "credit_risk", RoutingMode.Weighted,
        [new DeploymentVariant("stable", 1, 90), new DeploymentVariant("canary", 2, 10, VariantRole.Canary)]) { UpdatedBy = by, WorkflowInstanceId = "wf-1" };

    [Fact]
    public async Task A_saved_plan_appends_its_variants_by_its_author()
    {
        var stored = _plans.Save(Canary("carol"), expectedRevision: 0);

        var entry = Assert.Single(await _bed.EntriesAsync());
        Assert.Equal(("acme", "carol", GovernanceActions.DeploymentPlanSet, "deployment:credit_risk"), (entry.Tenant, entry.Actor, entry.Action, entry.Target));
        var details = AuditBed.Details(entry);
        Assert.Equal(stored.Revision, (long?)details["revision"]);
        Assert.Equal("wf-1", (string?)details["workflow_instance_id"]);
        var variants = details["variants"]!.AsArray();
        Assert.Equal(2, variants.Count);
        Assert.Equal(("canary", 2, 10.0, "Canary"), ((string?)variants[1]!["name"], (int?)variants[1]!["version"], (double?)variants[1]!["weight"], (string?)variants[1]!["role"]));
        Assert.Null(details["previous_revision"]);
    }

    [Fact]
    public async Task An_invalid_plan_and_a_stale_revision_append_nothing()
    {
        var invalid = new DeploymentPlan("acme", "credit_risk", RoutingMode.Weighted, [new DeploymentVariant("stable", 1, 60)]) { UpdatedBy = "carol" };
        Assert.Throws<InvalidDeploymentPlanException>(() => _plans.Save(invalid));
        Assert.Throws<PlanConflictException>(() => _plans.Save(Canary("carol"), expectedRevision: 4));

        Assert.Empty(await _bed.EntriesAsync());
    }

    [Fact]
    public async Task A_removed_plan_appends_by_the_scoped_actor_and_removing_none_appends_nothing()
    {
        var stored = _plans.Save(Canary("carol"));
        Assert.False(_plans.Remove("acme", "other_model"));
        Assert.Throws<PlanConflictException>(() => _plans.Remove("acme", "credit_risk", stored.Revision + 1));

        using (AuditActorScope.Begin("erin"))
        {
            Assert.True(_plans.Remove("acme", "credit_risk", stored.Revision));
        }

        var entries = await _bed.EntriesAsync();
        Assert.Equal(2, entries.Count);
        Assert.Equal(("erin", GovernanceActions.DeploymentPlanRemoved, "deployment:credit_risk"), (entries[1].Actor, entries[1].Action, entries[1].Target));
        Assert.Equal(stored.Revision, (long?)AuditBed.Details(entries[1])["revision"]);
    }

    [Fact]
    public async Task A_change_outside_any_request_or_scope_is_the_systems()
    {
        _plans.Save(Canary("") with { UpdatedBy = null });

        Assert.Equal(GovernanceActors.System, Assert.Single(await _bed.EntriesAsync()).Actor);
    }

    [Fact]
    public async Task Reads_append_nothing()
    {
        _plans.Get("acme", "credit_risk");
        _plans.List("acme");
        _plans.ListAll();

        Assert.Empty(await _bed.EntriesAsync());
    }

    public void Dispose() => _bed.Dispose();
}
