namespace Keel.ModelRegistry.Tests;

public abstract partial class ModelRegistryContract
{
    private static readonly (ModelStage From, ModelStage To, bool Allowed)[] TransitionTable =
    [
        (ModelStage.None, ModelStage.None, false),
        (ModelStage.None, ModelStage.Staging, true),
        (ModelStage.None, ModelStage.Production, false),
        (ModelStage.None, ModelStage.Archived, true),
        (ModelStage.Staging, ModelStage.None, true),
        (ModelStage.Staging, ModelStage.Staging, false),
        (ModelStage.Staging, ModelStage.Production, true),
        (ModelStage.Staging, ModelStage.Archived, true),
        (ModelStage.Production, ModelStage.None, false),
        (ModelStage.Production, ModelStage.Staging, false),
        (ModelStage.Production, ModelStage.Production, false),
        (ModelStage.Production, ModelStage.Archived, true),
        (ModelStage.Archived, ModelStage.None, false),
        (ModelStage.Archived, ModelStage.Staging, true),
        (ModelStage.Archived, ModelStage.Production, false),
        (ModelStage.Archived, ModelStage.Archived, false),
    ];

    [Fact]
    public async Task Every_stage_change_is_allowed_or_refused_as_the_transition_table_says()
    {
        await CreateModelAsync();
        var seed = 0;
        foreach (var (from, to, allowed) in TransitionTable)
        {
            // One Production version at a time: archive it before making the next.
            foreach (var production in await Registry.ListVersionsAsync(Tenant, Model, ModelStage.Production, None))
            {
                await MoveAsync(production.Version, ModelStage.Archived);
            }
            var version = await VersionInAsync(from, (++seed).ToString());
            var before = await Registry.TransitionsAsync(Tenant, Model, version.Version, None);

            if (allowed)
            {
                var result = await MoveAsync(version.Version, to);
                Assert.True(to == result.Version.Stage, $"{from} → {to} should be allowed");
                Assert.Equal(version.Revision + 1, result.Version.Revision);
            }
            else
            {
                var refused = await Assert.ThrowsAsync<InvalidStageTransitionException>(() => MoveAsync(version.Version, to));
                Assert.Equal((from, to), (refused.From, refused.To));
                var after = (await Registry.GetVersionAsync(Tenant, Model, version.Version, None))!;
                Assert.Equal(from, after.Stage);
                Assert.Equal(version.Revision, after.Revision);
                Assert.Equal(before, await Registry.TransitionsAsync(Tenant, Model, version.Version, None));
            }
            Assert.Equal(allowed, StageRules.IsAllowed(from, to));
        }
    }

    [Fact]
    public async Task A_refused_transition_says_which_stages_are_allowed()
    {
        await CreateModelAsync();
        await CreateVersionAsync();

        var skip = await Assert.ThrowsAsync<InvalidStageTransitionException>(() => MoveAsync(1, ModelStage.Production));
        var same = await Assert.ThrowsAsync<InvalidStageTransitionException>(() => MoveAsync(1, ModelStage.None));

        Assert.Equal($"Version 1 of model '{Model}' cannot move from None to Production; from None it may move to Staging or Archived.", skip.Message);
        Assert.Equal([ModelStage.Staging, ModelStage.Archived], skip.Allowed);
        Assert.Equal($"Version 1 of model '{Model}' is already in None.", same.Message);
    }

    [Fact]
    public async Task Every_transition_is_recorded_with_its_actor_reason_and_time()
    {
        var time = new ManualTime(T0.AddTicks(17));
        var registry = Open(time);
        await CreateModelAsync(registry: registry);
        await registry.CreateVersionAsync(Tenant, Model, SampleVersion(), "trainer", None);

        time.Advance(TimeSpan.FromMinutes(1));
        var staged = await MoveAsync(1, ModelStage.Staging, actor: "ci-pipeline", reason: "gates passed", registry: registry);
        time.Advance(TimeSpan.FromMinutes(1));
        await MoveAsync(1, ModelStage.Production, actor: "approver@bank", reason: "approved in CAB-1234", registry: registry);

        var history = await registry.TransitionsAsync(Tenant, Model, null, None);

        // Times are kept to the microsecond (PostgreSQL's resolution): the clock's 1.7 µs is 1 µs.
        var start = T0.AddTicks(10);
        Assert.Equal(
            [
                (1, ModelStage.None, ModelStage.Staging, "ci-pipeline", "gates passed", start.AddMinutes(1)),
                (1, ModelStage.Staging, ModelStage.Production, "approver@bank", "approved in CAB-1234", start.AddMinutes(2)),
            ],
            history.Select(t => (t.Version, t.From, t.To, t.Actor, t.Reason, t.At)));
        Assert.All(history, t => Assert.Equal((Tenant, Model), (t.Tenant, t.ModelName)));
        Assert.True(history[0].Sequence < history[1].Sequence);
        Assert.Equal(staged.Recorded, history.Take(1));
        var version = (await registry.GetVersionAsync(Tenant, Model, 1, None))!;
        Assert.Equal(start.AddMinutes(2), version.UpdatedAt);
        Assert.Equal(start.AddMinutes(2), (await registry.GetModelAsync(Tenant, Model, None))!.UpdatedAt);
    }

    [Fact]
    public async Task Promoting_a_version_archives_the_one_in_production_in_the_same_step()
    {
        await CreateModelAsync();
        var champion = await VersionInAsync(ModelStage.Production, "1");
        await VersionInAsync(ModelStage.Staging, "2");

        var result = await MoveAsync(2, ModelStage.Production, actor: "approver", reason: "better AUC");

        Assert.Equal(ModelStage.Production, result.Version.Stage);
        Assert.Equal(
            [(1, ModelStage.Production, ModelStage.Archived, "approver"), (2, ModelStage.Staging, ModelStage.Production, "approver")],
            result.Recorded.Select(t => (t.Version, t.From, t.To, t.Actor)));
        Assert.Equal("Replaced in Production by version 2: better AUC", result.Recorded[0].Reason);
        Assert.Equal(result.Recorded[0].At, result.Recorded[1].At);
        Assert.Equal(result.Recorded, (await Registry.TransitionsAsync(Tenant, Model, null, None)).TakeLast(2));
        var archived = (await Registry.GetVersionAsync(Tenant, Model, 1, None))!;
        Assert.Equal(ModelStage.Archived, archived.Stage);
        Assert.Equal(champion.Revision + 1, archived.Revision);
        Assert.Equal([2], (await Registry.ListVersionsAsync(Tenant, Model, ModelStage.Production, None)).Select(v => v.Version));
    }

    [Fact]
    public async Task Promoting_without_archiving_fails_while_another_version_is_in_production_and_changes_nothing()
    {
        await CreateModelAsync();
        await VersionInAsync(ModelStage.Production, "1");
        var candidate = await VersionInAsync(ModelStage.Staging, "2");
        var before = await Registry.TransitionsAsync(Tenant, Model, null, None);

        var conflict = await Assert.ThrowsAsync<RegistryConflictException>(() => Registry.TransitionAsync(Tenant,
            new TransitionRequest(Model, 2, ModelStage.Production, "approver", "try") { ArchiveExisting = false }, None));

        Assert.Contains("Version 1 of model 'credit' is in Production; archive it first", conflict.Message);
        Assert.Equal(before, await Registry.TransitionsAsync(Tenant, Model, null, None));
        Assert.Equal(ModelStage.Production, (await Registry.GetVersionAsync(Tenant, Model, 1, None))!.Stage);
        Assert.Equal(candidate, (await Registry.GetVersionAsync(Tenant, Model, 2, None))! with { Metrics = candidate.Metrics, Artifacts = candidate.Artifacts });
    }

    [Fact]
    public async Task A_transition_expecting_a_stale_revision_is_a_conflict()
    {
        await CreateModelAsync();
        var read = await VersionInAsync(ModelStage.Staging, "1");
        await Registry.AttachArtifactAsync(Tenant, Model, 1, ArtifactNames.GateReportJson, Sha("late gate report"), "gatekeeper", None);

        var conflict = await Assert.ThrowsAsync<RegistryConflictException>(() => Registry.TransitionAsync(Tenant,
            new TransitionRequest(Model, 1, ModelStage.Production, "approver", "approved") { ExpectedRevision = read.Revision }, None));
        var fresh = (await Registry.GetVersionAsync(Tenant, Model, 1, None))!;
        var promoted = await Registry.TransitionAsync(Tenant,
            new TransitionRequest(Model, 1, ModelStage.Production, "approver", "approved after reading the report") { ExpectedRevision = fresh.Revision }, None);

        Assert.Equal(read.Revision + 1, conflict.CurrentRevision);
        Assert.Contains($"is at revision {read.Revision + 1} (stage Staging), not the expected {read.Revision}", conflict.Message);
        Assert.Equal(fresh.Revision + 1, promoted.Version.Revision);
        Assert.Equal(ModelStage.Production, promoted.Version.Stage);
    }

    [Fact]
    public async Task A_transition_needs_an_actor_and_a_reason()
    {
        await CreateModelAsync();
        await CreateVersionAsync();

        var noActor = await Assert.ThrowsAsync<ArgumentException>(() => MoveAsync(1, ModelStage.Staging, actor: " "));
        var noReason = await Assert.ThrowsAsync<ArgumentException>(() => MoveAsync(1, ModelStage.Staging, reason: ""));
        var notAStage = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => MoveAsync(1, (ModelStage)9));

        Assert.Contains("actor", noActor.Message);
        Assert.Contains("reason", noReason.Message);
        Assert.Contains("Not a model stage", notAStage.Message);
        Assert.Empty(await Registry.TransitionsAsync(Tenant, Model, null, None));
    }

    [Fact]
    public async Task A_rollback_restores_an_archived_version_through_staging()
    {
        await CreateModelAsync();
        await VersionInAsync(ModelStage.Production, "1");
        await VersionInAsync(ModelStage.Staging, "2");
        await MoveAsync(2, ModelStage.Production);

        await MoveAsync(1, ModelStage.Staging, actor: "oncall", reason: "v2 drifts; roll back");
        var restored = await MoveAsync(1, ModelStage.Production, actor: "oncall", reason: "v2 drifts; roll back");

        Assert.Equal([1], (await Registry.ListVersionsAsync(Tenant, Model, ModelStage.Production, None)).Select(v => v.Version));
        Assert.Equal(ModelStage.Archived, (await Registry.GetVersionAsync(Tenant, Model, 2, None))!.Stage);
        Assert.Equal([(2, ModelStage.Production, ModelStage.Archived), (1, ModelStage.Staging, ModelStage.Production)],
            restored.Recorded.Select(t => (t.Version, t.From, t.To)));
    }

    [Fact]
    public async Task Transitions_of_a_missing_version_or_model_are_not_found()
    {
        await CreateModelAsync();

        var noVersion = await Assert.ThrowsAsync<RegistryNotFoundException>(() => MoveAsync(3, ModelStage.Staging));
        var noModel = await Assert.ThrowsAsync<RegistryNotFoundException>(() => MoveAsync(1, ModelStage.Staging, model: "fraud"));

        Assert.Equal($"Model '{Model}' has no version 3 in tenant '{Tenant}'.", noVersion.Message);
        Assert.Equal($"Model 'fraud' does not exist in tenant '{Tenant}'.", noModel.Message);
    }

    [Fact]
    public async Task History_can_be_read_for_one_version()
    {
        await CreateModelAsync();
        await VersionInAsync(ModelStage.Production, "1");
        await VersionInAsync(ModelStage.Archived, "2");

        var second = await Registry.TransitionsAsync(Tenant, Model, 2, None);

        Assert.Equal([(2, ModelStage.None, ModelStage.Archived)], second.Select(t => (t.Version, t.From, t.To)));
        Assert.Equal(3, (await Registry.TransitionsAsync(Tenant, Model, null, None)).Count);
    }
}
