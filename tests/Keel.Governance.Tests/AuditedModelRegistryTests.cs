using Keel.Audit;
using Keel.ModelRegistry;

namespace Keel.Governance.Tests;

/// <summary>Every stored change of the registry is appended once, after it is stored; refusals and no-op calls append nothing.</summary>
public sealed class AuditedModelRegistryTests : IDisposable
{
    private const string Tenant = RegistryBed.Tenant;
    private const string Model = RegistryBed.Model;
    private readonly RegistryBed _bed = new();
    private readonly CancellationToken _ct = CancellationToken.None;

    [Fact]
    public async Task A_stage_transition_appends_one_entry_with_actor_stages_and_reason()
    {
        await _bed.SeedAsync(1);

        await _bed.Registry.TransitionAsync(Tenant, new TransitionRequest(Model, 1, ModelStage.Staging, " bob ", "gates passed"), _ct);

        var entry = Assert.Single(await _bed.EntriesAsync());
        Assert.Equal((Tenant, "bob", AuditActions.ModelStageChanged, "model:credit_risk:1"), (entry.Tenant, entry.Actor, entry.Action, entry.Target));
        var details = AuditBed.Details(entry);
        Assert.Equal("None", (string?)details["from"]);
        Assert.Equal("Staging", (string?)details["to"]);
        Assert.Equal("gates passed", (string?)details["reason"]);
        Assert.Equal(2, (long?)details["revision"]);
    }

    [Fact]
    public async Task A_promotion_also_appends_the_archiving_of_the_version_it_replaced_and_archiving_is_model_archived()
    {
        await _bed.SeedAsync(2);
        foreach (var v in new[] { 1, 2 })
        {
            await _bed.Inner.TransitionAsync(Tenant, new TransitionRequest(Model, v, ModelStage.Staging, "wf", "staged"), _ct);
        }
        await _bed.Inner.TransitionAsync(Tenant, new TransitionRequest(Model, 1, ModelStage.Production, "carol", "first"), _ct);

        await _bed.Registry.TransitionAsync(Tenant, new TransitionRequest(Model, 2, ModelStage.Production, "dave", "better auc"), _ct);

        var entries = await _bed.EntriesAsync();
        Assert.Equal(2, entries.Count);
        Assert.Equal((AuditActions.ModelArchived, "model:credit_risk:1", "dave"), (entries[0].Action, entries[0].Target, entries[0].Actor));
        Assert.Equal(2, (int?)AuditBed.Details(entries[0])["replaced_by_version"]);
        Assert.Equal((AuditActions.ModelStageChanged, "model:credit_risk:2"), (entries[1].Action, entries[1].Target));
        Assert.Equal("Production", (string?)AuditBed.Details(entries[1])["to"]);
    }

    [Fact]
    public async Task A_refused_transition_appends_nothing()
    {
        await _bed.SeedAsync(1);

        await Assert.ThrowsAsync<InvalidStageTransitionException>(() =>
            _bed.Registry.TransitionAsync(Tenant, new TransitionRequest(Model, 1, ModelStage.Production, "bob", "skip staging"), _ct));
        await Assert.ThrowsAnyAsync<ModelRegistryException>(() =>
            _bed.Registry.TransitionAsync(Tenant, new TransitionRequest(Model, 1, ModelStage.Staging, "bob", "stale") { ExpectedRevision = 7 }, _ct));

        Assert.Empty(await _bed.EntriesAsync());
    }

    [Fact]
    public async Task Registering_a_version_appends_model_registered_once_and_a_retry_of_the_same_run_appends_nothing()
    {
        await _bed.SeedAsync(0);

        var created = await _bed.Registry.CreateVersionAsync(Tenant, Model, RegistryBed.Version("run-9"), "alice", _ct);
        var again = await _bed.Registry.CreateVersionAsync(Tenant, Model, RegistryBed.Version("run-9"), "alice", _ct);

        Assert.Equal(created.Version, again.Version);
        var entry = Assert.Single(await _bed.EntriesAsync());
        Assert.Equal((AuditActions.ModelRegistered, "model:credit_risk:1", "alice"), (entry.Action, entry.Target, entry.Actor));
        var details = AuditBed.Details(entry);
        Assert.Equal("run-9", (string?)details["run_id"]);
        Assert.Equal(RegistryBed.Sha("data run-9"), (string?)details["dataset_snapshot_hash"]);
    }

    [Fact]
    public async Task A_version_of_an_unknown_model_appends_nothing()
    {
        await Assert.ThrowsAsync<RegistryNotFoundException>(() => _bed.Registry.CreateVersionAsync(Tenant, "nobody", RegistryBed.Version("r"), "alice", _ct));

        Assert.Empty(await _bed.EntriesAsync());
    }

    [Fact]
    public async Task Creating_a_model_appends_once_with_the_scoped_actor()
    {
        using (AuditActorScope.Begin("workflow:abc"))
        {
            await _bed.Registry.GetOrCreateModelAsync(Tenant, new NewRegisteredModel(Model, "risk-team"), _ct);
            await _bed.Registry.GetOrCreateModelAsync(Tenant, new NewRegisteredModel(Model, "risk-team"), _ct);
        }
        await Assert.ThrowsAsync<RegistryConflictException>(() => _bed.Registry.CreateModelAsync(Tenant, new NewRegisteredModel(Model, "risk-team"), _ct));

        var entry = Assert.Single(await _bed.EntriesAsync());
        Assert.Equal((GovernanceActions.ModelCreated, "model:credit_risk", "workflow:abc"), (entry.Action, entry.Target, entry.Actor));
        Assert.Equal("risk-team", (string?)AuditBed.Details(entry)["owner"]);
    }

    [Fact]
    public async Task Setting_an_alias_appends_the_move_and_setting_it_where_it_points_appends_nothing()
    {
        await _bed.SeedAsync(2);

        await _bed.Registry.SetAliasAsync(Tenant, Model, "champion", 1, "carol", "first", _ct);
        await _bed.Registry.SetAliasAsync(Tenant, Model, "champion", 2, "dave", "better", _ct);
        await _bed.Registry.SetAliasAsync(Tenant, Model, "champion", 2, "dave", "again", _ct);
        await Assert.ThrowsAsync<RegistryNotFoundException>(() => _bed.Registry.SetAliasAsync(Tenant, Model, "champion", 9, "dave", "no such version", _ct));

        var entries = await _bed.EntriesAsync();
        Assert.Equal(2, entries.Count);
        Assert.All(entries, e => Assert.Equal(GovernanceActions.ModelAliasSet, e.Action));
        Assert.Equal(("model:credit_risk:2", "dave"), (entries[1].Target, entries[1].Actor));
        Assert.Equal(1, (int?)AuditBed.Details(entries[1])["from_version"]);
        Assert.Equal(2, (int?)AuditBed.Details(entries[1])["to_version"]);
    }

    [Fact]
    public async Task Removing_an_alias_appends_and_removing_a_missing_one_appends_nothing()
    {
        await _bed.SeedAsync(1);
        await _bed.Inner.SetAliasAsync(Tenant, Model, "challenger", 1, "carol", "try", _ct);

        await _bed.Registry.RemoveAliasAsync(Tenant, Model, "challenger", "erin", "done", _ct);
        await Assert.ThrowsAsync<RegistryNotFoundException>(() => _bed.Registry.RemoveAliasAsync(Tenant, Model, "challenger", "erin", "again", _ct));

        var entry = Assert.Single(await _bed.EntriesAsync());
        Assert.Equal((GovernanceActions.ModelAliasRemoved, "model:credit_risk:1", "erin"), (entry.Action, entry.Target, entry.Actor));
    }

    [Fact]
    public async Task Attaching_an_artifact_appends_once_and_a_conflicting_one_appends_nothing()
    {
        await _bed.SeedAsync(1);
        var card = RegistryBed.Sha("card");

        await _bed.Registry.AttachArtifactAsync(Tenant, Model, 1, "model-card.json", card, "wf", _ct);
        await _bed.Registry.AttachArtifactAsync(Tenant, Model, 1, "model-card.json", card, "wf", _ct);
        await Assert.ThrowsAsync<RegistryConflictException>(() => _bed.Registry.AttachArtifactAsync(Tenant, Model, 1, "model-card.json", RegistryBed.Sha("other"), "wf", _ct));

        var entry = Assert.Single(await _bed.EntriesAsync());
        Assert.Equal((GovernanceActions.ModelArtifactAttached, "model:credit_risk:1"), (entry.Action, entry.Target));
        Assert.Equal(card, (string?)AuditBed.Details(entry)["sha256"]);
    }

    [Fact]
    public async Task Reads_append_nothing()
    {
        await _bed.SeedAsync(1);

        await _bed.Registry.GetModelAsync(Tenant, Model, _ct);
        await _bed.Registry.ListModelsAsync(Tenant, _ct);
        await _bed.Registry.GetVersionAsync(Tenant, Model, 1, _ct);
        await _bed.Registry.ListVersionsAsync(Tenant, Model, null, _ct);
        await _bed.Registry.TransitionsAsync(Tenant, Model, null, _ct);
        await _bed.Registry.ListAliasesAsync(Tenant, Model, _ct);
        await _bed.Registry.AliasHistoryAsync(Tenant, Model, null, _ct);
        await _bed.Registry.GetByAliasAsync(Tenant, Model, "champion", _ct);

        Assert.Empty(await _bed.EntriesAsync());
    }

    public void Dispose() => _bed.Dispose();
}
