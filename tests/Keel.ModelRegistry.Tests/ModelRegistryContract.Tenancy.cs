namespace Keel.ModelRegistry.Tests;

public abstract partial class ModelRegistryContract
{
    [Fact]
    public async Task The_tenants_with_models_are_listed_once_each_in_ordinal_order()
    {
        var other = "a" + NewTenant();
        await CreateModelAsync();
        await CreateModelAsync("second");
        await CreateModelAsync(tenant: other);
        var empty = NewTenant();

        var tenants = await Registry.TenantsAsync(None);

        Assert.Equal([other, Tenant], tenants.Where(t => t == other || t == Tenant));
        Assert.DoesNotContain(empty, tenants);
        Assert.Equal(tenants.Order(StringComparer.Ordinal), tenants);
    }

    [Fact]
    public async Task Another_tenants_models_are_not_found_not_listed_and_not_changed()
    {
        await CreateModelAsync();
        await VersionInAsync(ModelStage.Production, "1");
        await Registry.SetAliasAsync(Tenant, Model, "champion", 1, "alice", "serving", None);
        var other = NewTenant();

        Assert.Null(await Registry.GetModelAsync(other, Model, None));
        Assert.Empty(await Registry.ListModelsAsync(other, None));
        Assert.Null(await Registry.GetVersionAsync(other, Model, 1, None));
        Assert.Empty(await Registry.ListVersionsAsync(other, Model, null, None));
        Assert.Null(await Registry.GetByAliasAsync(other, Model, "champion", None));
        Assert.Empty(await Registry.ListAliasesAsync(other, Model, None));
        Assert.Empty(await Registry.TransitionsAsync(other, Model, null, None));
        Assert.Empty(await Registry.AliasHistoryAsync(other, Model, null, None));

        // Changes answer exactly as for a model that does not exist at all.
        var notFound = $"Model '{Model}' does not exist in tenant '{other}'.";
        Assert.Equal(notFound, (await Assert.ThrowsAsync<RegistryNotFoundException>(
            () => Registry.CreateVersionAsync(other, Model, SampleVersion("2"), "mallory", None))).Message);
        Assert.Equal(notFound, (await Assert.ThrowsAsync<RegistryNotFoundException>(
            () => Registry.TransitionAsync(other, new TransitionRequest(Model, 1, ModelStage.Archived, "mallory", "takeover"), None))).Message);
        Assert.Equal(notFound, (await Assert.ThrowsAsync<RegistryNotFoundException>(
            () => Registry.SetAliasAsync(other, Model, "champion", 1, "mallory", "takeover", None))).Message);
        Assert.Equal(notFound, (await Assert.ThrowsAsync<RegistryNotFoundException>(
            () => Registry.RemoveAliasAsync(other, Model, "champion", "mallory", "takeover", None))).Message);
        Assert.Equal(notFound, (await Assert.ThrowsAsync<RegistryNotFoundException>(
            () => Registry.AttachArtifactAsync(other, Model, 1, ArtifactNames.GateReportJson, Sha("forged"), "mallory", None))).Message);

        var version = (await Registry.GetVersionAsync(Tenant, Model, 1, None))!;
        Assert.Equal((ModelStage.Production, 3L), (version.Stage, version.Revision));
        Assert.Empty(version.Artifacts);
        Assert.Equal(1, (await Registry.GetByAliasAsync(Tenant, Model, "champion", None))!.Version);
    }

    [Fact]
    public async Task Tenants_keep_models_of_the_same_name_apart()
    {
        var other = NewTenant();
        await CreateModelAsync();
        await CreateModelAsync(tenant: other);
        await VersionInAsync(ModelStage.Production, "1");
        await CreateVersionAsync(tenant: other, seed: "a");
        var otherSecond = await CreateVersionAsync(tenant: other, seed: "b");
        await Registry.TransitionAsync(other, new TransitionRequest(Model, 2, ModelStage.Staging, "bob", "stage"), None);
        var otherProduction = await Registry.TransitionAsync(other, new TransitionRequest(Model, 2, ModelStage.Production, "bob", "promote"), None);

        Assert.Equal(2, otherSecond.Version);
        Assert.Equal(other, otherProduction.Version.Tenant);
        Assert.Single(otherProduction.Recorded);
        Assert.Equal([1], (await Registry.ListVersionsAsync(Tenant, Model, ModelStage.Production, None)).Select(v => v.Version));
        Assert.Equal([2], (await Registry.ListVersionsAsync(other, Model, ModelStage.Production, None)).Select(v => v.Version));
        Assert.All(await Registry.ListVersionsAsync(other, Model, null, None), v => Assert.Equal(other, v.Tenant));
        Assert.All(await Registry.TransitionsAsync(other, Model, null, None), t => Assert.Equal((other, "bob"), (t.Tenant, t.Actor)));
        Assert.Equal(1, (await Registry.GetModelAsync(Tenant, Model, None))!.LatestVersion);
    }
}
