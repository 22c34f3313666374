namespace Keel.ModelRegistry.Tests;

public abstract partial class ModelRegistryContract
{
    [Fact]
    public async Task An_alias_is_set_moved_and_removed_and_every_change_is_recorded()
    {
        var time = new ManualTime(T0);
        var registry = Open(time);
        await CreateModelAsync(registry: registry);
        await registry.CreateVersionAsync(Tenant, Model, SampleVersion("1"), "trainer", None);
        await registry.CreateVersionAsync(Tenant, Model, SampleVersion("2"), "trainer", None);

        time.Advance(TimeSpan.FromSeconds(1));
        var set = await registry.SetAliasAsync(Tenant, Model, "champion", 1, "alice", "first approved model", None);
        await registry.SetAliasAsync(Tenant, Model, "challenger", 2, "alice", "shadow traffic", None);
        time.Advance(TimeSpan.FromSeconds(1));
        var moved = await registry.SetAliasAsync(Tenant, Model, "champion", 2, "bob", "challenger won the A/B test", None);
        time.Advance(TimeSpan.FromSeconds(1));
        await registry.RemoveAliasAsync(Tenant, Model, "challenger", "bob", "promoted to champion", None);

        Assert.Equal(new ModelAlias(Tenant, Model, "champion", 1, "alice", T0.AddSeconds(1)), set);
        Assert.Equal(new ModelAlias(Tenant, Model, "champion", 2, "bob", T0.AddSeconds(2)), moved);
        Assert.Equal([moved], await registry.ListAliasesAsync(Tenant, Model, None));
        Assert.Equal(
            [
                ("champion", (int?)null, (int?)1, "alice", "first approved model", T0.AddSeconds(1)),
                ("challenger", null, 2, "alice", "shadow traffic", T0.AddSeconds(1)),
                ("champion", 1, 2, "bob", "challenger won the A/B test", T0.AddSeconds(2)),
                ("challenger", 2, null, "bob", "promoted to champion", T0.AddSeconds(3)),
            ],
            (await registry.AliasHistoryAsync(Tenant, Model, null, None)).Select(c => (c.Alias, c.FromVersion, c.ToVersion, c.Actor, c.Reason, c.At)));
        Assert.Equal([(null, 1), (1, 2)],
            (await registry.AliasHistoryAsync(Tenant, Model, "champion", None)).Select(c => (c.FromVersion, c.ToVersion)));
        Assert.Equal(T0.AddSeconds(3), (await registry.GetModelAsync(Tenant, Model, None))!.UpdatedAt);
    }

    [Fact]
    public async Task A_version_is_found_by_its_alias()
    {
        await CreateModelAsync();
        await VersionInAsync(ModelStage.Production, "1");
        await VersionInAsync(ModelStage.Staging, "2");
        await Registry.SetAliasAsync(Tenant, Model, "champion", 1, "alice", "serving", None);
        await Registry.SetAliasAsync(Tenant, Model, "challenger", 2, "alice", "shadow", None);

        var champion = await Registry.GetByAliasAsync(Tenant, Model, "champion", None);
        var challenger = await Registry.GetByAliasAsync(Tenant, Model, "challenger", None);

        Assert.Equal((1, ModelStage.Production), (champion!.Version, champion.Stage));
        Assert.Equal((2, ModelStage.Staging), (challenger!.Version, challenger.Stage));
        Assert.Equal(Sha("onnx-1"), champion.ArtifactSha256);
        Assert.Null(await Registry.GetByAliasAsync(Tenant, Model, "canary", None));
        Assert.Null(await Registry.GetByAliasAsync(Tenant, "fraud", "champion", None));
    }

    [Fact]
    public async Task Pointing_an_alias_where_it_already_points_records_nothing()
    {
        await CreateModelAsync();
        await CreateVersionAsync();
        var first = await Registry.SetAliasAsync(Tenant, Model, "champion", 1, "alice", "serving", None);

        var again = await Registry.SetAliasAsync(Tenant, Model, "champion", 1, "bob", "serving, again", None);

        Assert.Equal(first, again);
        Assert.Single(await Registry.AliasHistoryAsync(Tenant, Model, null, None));
    }

    [Fact]
    public async Task Aliases_of_missing_versions_and_missing_aliases_are_not_found_and_bad_names_are_refused()
    {
        await CreateModelAsync();
        await CreateVersionAsync();

        var noVersion = await Assert.ThrowsAsync<RegistryNotFoundException>(() => Registry.SetAliasAsync(Tenant, Model, "champion", 2, "alice", "why", None));
        var noAlias = await Assert.ThrowsAsync<RegistryNotFoundException>(() => Registry.RemoveAliasAsync(Tenant, Model, "champion", "alice", "why", None));
        var reserved = await Assert.ThrowsAsync<ArgumentException>(() => Registry.SetAliasAsync(Tenant, Model, "v2", 1, "alice", "why", None));
        var latest = await Assert.ThrowsAsync<ArgumentException>(() => Registry.SetAliasAsync(Tenant, Model, "latest", 1, "alice", "why", None));
        var badName = await Assert.ThrowsAsync<ArgumentException>(() => Registry.SetAliasAsync(Tenant, Model, "Champion!", 1, "alice", "why", None));
        var noReason = await Assert.ThrowsAsync<ArgumentException>(() => Registry.SetAliasAsync(Tenant, Model, "champion", 1, "alice", " ", None));

        Assert.Equal($"Model '{Model}' has no version 2 in tenant '{Tenant}'.", noVersion.Message);
        Assert.Equal($"Model '{Model}' has no alias 'champion' in tenant '{Tenant}'.", noAlias.Message);
        Assert.Contains("Alias 'v2' is reserved", reserved.Message);
        Assert.Contains("Alias 'latest' is reserved", latest.Message);
        Assert.Contains("Alias 'Champion!' is not valid", badName.Message);
        Assert.Contains("reason", noReason.Message);
        Assert.Empty(await Registry.AliasHistoryAsync(Tenant, Model, null, None));
    }
}
