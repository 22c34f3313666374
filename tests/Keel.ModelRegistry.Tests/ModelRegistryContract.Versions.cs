namespace Keel.ModelRegistry.Tests;

public abstract partial class ModelRegistryContract
{
    [Fact]
    public async Task Version_numbers_start_at_one_and_increase_per_model()
    {
        await CreateModelAsync("credit");
        await CreateModelAsync("fraud");

        var numbers = new List<(string, int)>();
        foreach (var model in new[] { "credit", "fraud", "credit", "credit", "fraud" })
        {
            var version = await CreateVersionAsync(model, seed: Guid.NewGuid().ToString());
            numbers.Add((model, version.Version));
        }

        Assert.Equal([("credit", 1), ("fraud", 1), ("credit", 2), ("credit", 3), ("fraud", 2)], numbers);
        Assert.Equal(3, (await Registry.GetModelAsync(Tenant, "credit", None))!.LatestVersion);
        Assert.Equal([1, 2, 3], (await Registry.ListVersionsAsync(Tenant, "credit", null, None)).Select(v => v.Version));
    }

    [Fact]
    public async Task A_version_is_bound_to_its_artifact_lineage_and_metrics_as_registered()
    {
        await CreateModelAsync();
        var registered = SampleVersion("7", runId: "run-7") with
        {
            ArtifactSha256 = Sha("onnx-7").ToUpperInvariant(),
            Artifacts = new Dictionary<string, string> { [ArtifactNames.MlNetModel] = Sha("mlnet-7") },
        };

        var created = await Registry.CreateVersionAsync(Tenant, Model, registered, "trainer", None);
        var read = await Registry.GetVersionAsync(Tenant, Model, created.Version, None);

        Assert.NotNull(read);
        foreach (var version in new[] { created, read })
        {
            Assert.Equal(Tenant, version.Tenant);
            Assert.Equal(Model, version.ModelName);
            Assert.Equal(1, version.Version);
            Assert.Equal(Sha("onnx-7"), version.ArtifactSha256);
            Assert.Equal(SampleLineage("7"), version.Lineage);
            Assert.Equal(SampleLineage("7").To, version.Lineage.To);
            Assert.Equal(registered.Metrics, version.Metrics);
            Assert.Equal(0.1 + 0.2, version.Metrics["logloss"]);
            Assert.Equal("run-7", version.RunId);
            Assert.Equal(registered.Description, version.Description);
            Assert.Equal("trainer", version.CreatedBy);
            Assert.Equal(ModelStage.None, version.Stage);
            Assert.Equal(1, version.Revision);
            var mlnet = Assert.Single(version.Artifacts).Value;
            Assert.Equal(new VersionArtifact(ArtifactNames.MlNetModel, Sha("mlnet-7"), "trainer", created.CreatedAt), mlnet);
        }
        Assert.Equal(created.CreatedAt, read.CreatedAt);
        Assert.Equal(created.UpdatedAt, read.UpdatedAt);
    }

    [Fact]
    public async Task Registering_a_version_of_a_model_that_does_not_exist_is_not_found()
    {
        var missing = await Assert.ThrowsAsync<RegistryNotFoundException>(() => CreateVersionAsync());

        Assert.Equal($"Model '{Model}' does not exist in tenant '{Tenant}'.", missing.Message);
    }

    [Fact]
    public async Task Registering_the_same_run_again_returns_its_version_and_another_artifact_for_it_is_a_conflict()
    {
        await CreateModelAsync();
        var first = await Registry.CreateVersionAsync(Tenant, Model, SampleVersion("1", runId: "run-1"), "trainer", None);

        var retried = await Registry.CreateVersionAsync(Tenant, Model, SampleVersion("1", runId: "run-1"), "trainer", None);
        var conflict = await Assert.ThrowsAsync<RegistryConflictException>(
            () => Registry.CreateVersionAsync(Tenant, Model, SampleVersion("2", runId: "run-1"), "trainer", None));

        Assert.Equal(first.Version, retried.Version);
        Assert.Equal(first.CreatedAt, retried.CreatedAt);
        Assert.Contains("Run 'run-1' already registered version 1", conflict.Message);
        Assert.Single(await Registry.ListVersionsAsync(Tenant, Model, null, None));
    }

    [Fact]
    public async Task Artifact_hash_and_lineage_never_change_while_stage_and_attachments_do()
    {
        await CreateModelAsync();
        var created = await CreateVersionAsync();

        await MoveAsync(1, ModelStage.Staging);
        var attached = await Registry.AttachArtifactAsync(Tenant, Model, 1, ArtifactNames.GateReportJson, Sha("gates"), "gatekeeper", None);
        await MoveAsync(1, ModelStage.Production);

        var replaceOnnx = await Assert.ThrowsAsync<ArgumentException>(
            () => Registry.AttachArtifactAsync(Tenant, Model, 1, ArtifactNames.Onnx, Sha("other onnx"), "mallory", None));
        var replaceReport = await Assert.ThrowsAsync<RegistryConflictException>(
            () => Registry.AttachArtifactAsync(Tenant, Model, 1, ArtifactNames.GateReportJson, Sha("forged gates"), "mallory", None));

        var read = (await Registry.GetVersionAsync(Tenant, Model, 1, None))!;
        Assert.Contains("cannot be attached or replaced", replaceOnnx.Message);
        Assert.Contains($"already has artifact '{ArtifactNames.GateReportJson}'", replaceReport.Message);
        Assert.Equal(created.ArtifactSha256, read.ArtifactSha256);
        Assert.Equal(created.Lineage, read.Lineage);
        Assert.Equal(created.Metrics, read.Metrics);
        Assert.Equal(created.CreatedAt, read.CreatedAt);
        Assert.Equal(Sha("gates"), read.Artifacts[ArtifactNames.GateReportJson].Sha256);
        Assert.Equal(ModelStage.Production, read.Stage);
        Assert.Equal(3, attached.Revision);
        Assert.Equal(4, read.Revision);
    }

    [Fact]
    public async Task Attaching_an_artifact_records_who_attached_it_and_attaching_it_again_changes_nothing()
    {
        await CreateModelAsync();
        await CreateVersionAsync();

        var first = await Registry.AttachArtifactAsync(Tenant, Model, 1, ArtifactNames.ModelCardHtml, Sha("card"), "writer", None);
        var again = await Registry.AttachArtifactAsync(Tenant, Model, 1, ArtifactNames.ModelCardHtml, Sha("card").ToUpperInvariant(), "someone else", None);

        var card = first.Artifacts[ArtifactNames.ModelCardHtml];
        Assert.Equal("writer", card.AttachedBy);
        Assert.Equal(2, first.Revision);
        Assert.Equal(first.Revision, again.Revision);
        Assert.Equal(first.UpdatedAt, again.UpdatedAt);
        Assert.Equal(card, again.Artifacts[ArtifactNames.ModelCardHtml]);
    }

    [Fact]
    public async Task Malformed_version_input_is_refused_saying_what_is_wrong()
    {
        await CreateModelAsync();

        var badHash = await Assert.ThrowsAsync<ArgumentException>(
            () => Registry.CreateVersionAsync(Tenant, Model, SampleVersion() with { ArtifactSha256 = "abc" }, "trainer", None));
        var noDataset = await Assert.ThrowsAsync<ArgumentException>(
            () => Registry.CreateVersionAsync(Tenant, Model, SampleVersion() with { Lineage = SampleLineage() with { DatasetSnapshotHash = "" } }, "trainer", None));
        var backwards = await Assert.ThrowsAsync<ArgumentException>(
            () => Registry.CreateVersionAsync(Tenant, Model, SampleVersion() with { Lineage = SampleLineage() with { From = T0, To = T0.AddDays(-1) } }, "trainer", None));
        var nanMetric = await Assert.ThrowsAsync<ArgumentException>(
            () => Registry.CreateVersionAsync(Tenant, Model, SampleVersion() with { Metrics = new Dictionary<string, double> { ["auc"] = double.NaN } }, "trainer", None));
        var badArtifactName = await Assert.ThrowsAsync<ArgumentException>(
            () => Registry.CreateVersionAsync(Tenant, Model, SampleVersion() with { Artifacts = new Dictionary<string, string> { ["Gate Report"] = Sha("x") } }, "trainer", None));
        var noActor = await Assert.ThrowsAsync<ArgumentException>(() => Registry.CreateVersionAsync(Tenant, Model, SampleVersion(), "", None));

        Assert.Contains("SHA-256 of 64 hexadecimal characters; got 'abc'", badHash.Message);
        Assert.Contains("dataset snapshot hash is required", noDataset.Message);
        Assert.Contains("starts", backwards.Message);
        Assert.Contains("Metric 'auc' is NaN", nanMetric.Message);
        Assert.Contains("Artifact name 'Gate Report' is not valid", badArtifactName.Message);
        Assert.Contains("actor", noActor.Message);
        Assert.Empty(await Registry.ListVersionsAsync(Tenant, Model, null, None));
    }

    [Fact]
    public async Task Versions_are_listed_by_number_and_filtered_by_stage()
    {
        await CreateModelAsync();
        await VersionInAsync(ModelStage.Staging, "1");
        await VersionInAsync(ModelStage.None, "2");
        await VersionInAsync(ModelStage.Staging, "3");
        await VersionInAsync(ModelStage.Production, "4");

        Assert.Equal([1, 2, 3, 4], (await Registry.ListVersionsAsync(Tenant, Model, null, None)).Select(v => v.Version));
        Assert.Equal([1, 3], (await Registry.ListVersionsAsync(Tenant, Model, ModelStage.Staging, None)).Select(v => v.Version));
        Assert.Equal([4], (await Registry.ListVersionsAsync(Tenant, Model, ModelStage.Production, None)).Select(v => v.Version));
        Assert.Empty(await Registry.ListVersionsAsync(Tenant, Model, ModelStage.Archived, None));
        Assert.Null(await Registry.GetVersionAsync(Tenant, Model, 5, None));
    }
}
