using System.Data.Common;

namespace Keel.ModelRegistry.Tests;

public abstract partial class ModelRegistryContract
{
    [Fact]
    public async Task Everything_survives_reopening_the_store()
    {
        await CreateModelAsync();
        await VersionInAsync(ModelStage.Production, "1");
        await VersionInAsync(ModelStage.Staging, "2");
        await Registry.AttachArtifactAsync(Tenant, Model, 2, ArtifactNames.GateReportHtml, Sha("report"), "gatekeeper", None);
        await Registry.SetAliasAsync(Tenant, Model, "challenger", 2, "alice", "shadow", None);
        var versions = await Registry.ListVersionsAsync(Tenant, Model, null, None);
        var transitions = await Registry.TransitionsAsync(Tenant, Model, null, None);
        var aliases = await Registry.AliasHistoryAsync(Tenant, Model, null, None);
        var model = await Registry.GetModelAsync(Tenant, Model, None);

        var reopened = Open();

        Assert.Equal(model! with { Tags = model.Tags }, (await reopened.GetModelAsync(Tenant, Model, None))! with { Tags = model.Tags });
        var reread = await reopened.ListVersionsAsync(Tenant, Model, null, None);
        Assert.Equal(versions.Count, reread.Count);
        foreach (var (before, after) in versions.Zip(reread))
        {
            Assert.Equal(before, after with { Metrics = before.Metrics, Artifacts = before.Artifacts });
            Assert.Equal(before.Metrics, after.Metrics);
            Assert.Equal(before.Artifacts, after.Artifacts);
        }
        Assert.Equal(transitions, await reopened.TransitionsAsync(Tenant, Model, null, None));
        Assert.Equal(aliases, await reopened.AliasHistoryAsync(Tenant, Model, null, None));
        Assert.Equal(2, (await reopened.GetByAliasAsync(Tenant, Model, "challenger", None))!.Version);
    }

    [Fact]
    public async Task The_database_itself_refuses_a_second_production_version()
    {
        await CreateModelAsync();
        await VersionInAsync(ModelStage.Production, "1");
        await VersionInAsync(ModelStage.Staging, "2");

        await Assert.ThrowsAnyAsync<DbException>(() => ExecuteSqlAsync(
            $"UPDATE registry_versions SET stage = 'Production' WHERE tenant = '{Tenant}' AND model_name = '{Model}' AND version = 2"));

        Assert.Single(await Registry.ListVersionsAsync(Tenant, Model, ModelStage.Production, None));
    }

    [Fact]
    public async Task The_database_itself_refuses_to_change_a_versions_artifact_or_lineage_or_to_delete_it()
    {
        await CreateModelAsync();
        var version = await CreateVersionAsync();
        var where = $"WHERE tenant = '{Tenant}' AND model_name = '{Model}' AND version = 1";

        var artifact = await Assert.ThrowsAnyAsync<DbException>(() => ExecuteSqlAsync($"UPDATE registry_versions SET artifact_sha256 = '{Sha("swapped")}' {where}"));
        await Assert.ThrowsAnyAsync<DbException>(() => ExecuteSqlAsync($"UPDATE registry_versions SET lineage = '{{}}' {where}"));
        await Assert.ThrowsAnyAsync<DbException>(() => ExecuteSqlAsync($"DELETE FROM registry_versions {where}"));

        Assert.Contains("immutable", artifact.Message);
        var read = (await Registry.GetVersionAsync(Tenant, Model, 1, None))!;
        Assert.Equal((version.ArtifactSha256, version.Lineage), (read.ArtifactSha256, read.Lineage));
    }

    [Fact]
    public async Task The_database_itself_refuses_to_rewrite_history()
    {
        await CreateModelAsync();
        await VersionInAsync(ModelStage.Production, "1");
        await Registry.SetAliasAsync(Tenant, Model, "champion", 1, "alice", "serving", None);
        await Registry.AttachArtifactAsync(Tenant, Model, 1, ArtifactNames.ModelCardJson, Sha("card"), "writer", None);
        var transitions = await Registry.TransitionsAsync(Tenant, Model, null, None);
        var where = $"WHERE tenant = '{Tenant}'";

        await Assert.ThrowsAnyAsync<DbException>(() => ExecuteSqlAsync($"UPDATE registry_stage_transitions SET actor = 'someone else' {where}"));
        await Assert.ThrowsAnyAsync<DbException>(() => ExecuteSqlAsync($"DELETE FROM registry_stage_transitions {where}"));
        await Assert.ThrowsAnyAsync<DbException>(() => ExecuteSqlAsync($"UPDATE registry_alias_changes SET reason = 'nothing to see' {where}"));
        await Assert.ThrowsAnyAsync<DbException>(() => ExecuteSqlAsync($"DELETE FROM registry_alias_changes {where}"));
        await Assert.ThrowsAnyAsync<DbException>(() => ExecuteSqlAsync($"UPDATE registry_version_artifacts SET sha256 = '{Sha("forged")}' {where}"));

        Assert.Equal(transitions, await Registry.TransitionsAsync(Tenant, Model, null, None));
        Assert.Single(await Registry.AliasHistoryAsync(Tenant, Model, null, None));
        Assert.Equal(Sha("card"), (await Registry.GetVersionAsync(Tenant, Model, 1, None))!.Artifacts[ArtifactNames.ModelCardJson].Sha256);
    }
}
