namespace Keel.ModelRegistry.Tests;

public abstract partial class ModelRegistryContract
{
    [Fact]
    public async Task A_model_is_stored_with_its_tenant_owner_description_and_tags()
    {
        var created = await Registry.CreateModelAsync(Tenant,
            new NewRegisteredModel(Model, "alice") { Description = "Probability of default", Tags = new Dictionary<string, string> { ["domain"] = "credit", ["risk"] = "high" } },
            None);

        var read = await Registry.GetModelAsync(Tenant, Model, None);

        Assert.NotNull(read);
        Assert.Equal(Tenant, read.Tenant);
        Assert.Equal(Model, read.Name);
        Assert.Equal("alice", read.Owner);
        Assert.Equal("Probability of default", read.Description);
        Assert.Equal(new Dictionary<string, string> { ["domain"] = "credit", ["risk"] = "high" }, read.Tags);
        Assert.Equal(0, read.LatestVersion);
        Assert.Equal(created.CreatedAt, read.CreatedAt);
        Assert.Equal(created.CreatedAt, read.UpdatedAt);
    }

    [Fact]
    public async Task Registering_a_model_name_twice_is_a_conflict_that_names_it()
    {
        await CreateModelAsync();

        var conflict = await Assert.ThrowsAsync<RegistryConflictException>(() => CreateModelAsync());

        Assert.Contains($"'{Model}' already exists in tenant '{Tenant}'", conflict.Message);
    }

    [Fact]
    public async Task Get_or_create_returns_the_model_already_registered_unchanged()
    {
        var first = await Registry.GetOrCreateModelAsync(Tenant, new NewRegisteredModel(Model, "alice") { Description = "first" }, None);
        var second = await Registry.GetOrCreateModelAsync(Tenant, new NewRegisteredModel(Model, "bob") { Description = "second" }, None);

        Assert.Equal("alice", second.Owner);
        Assert.Equal("first", second.Description);
        Assert.Equal(first.CreatedAt, second.CreatedAt);
        Assert.Single(await Registry.ListModelsAsync(Tenant, None));
    }

    [Fact]
    public async Task Models_are_listed_by_name()
    {
        foreach (var name in new[] { "fraud", "credit", "churn.v2", "Churn" })
        {
            await CreateModelAsync(name);
        }

        var models = await Registry.ListModelsAsync(Tenant, None);

        Assert.Equal(["Churn", "churn.v2", "credit", "fraud"], models.Select(m => m.Name));
        Assert.All(models, m => Assert.Equal(Tenant, m.Tenant));
    }

    [Fact]
    public async Task Malformed_model_input_is_refused_saying_what_is_wrong()
    {
        var badName = await Assert.ThrowsAsync<ArgumentException>(() => Registry.CreateModelAsync(Tenant, new NewRegisteredModel("credit model/1", "alice"), None));
        Assert.Contains("Model name 'credit model/1' is not valid", badName.Message);

        var trailingNewline = await Assert.ThrowsAsync<ArgumentException>(() => Registry.CreateModelAsync(Tenant, new NewRegisteredModel("credit\n", "alice"), None));
        Assert.Contains("is not valid", trailingNewline.Message);

        var noOwner = await Assert.ThrowsAsync<ArgumentException>(() => Registry.CreateModelAsync(Tenant, new NewRegisteredModel(Model, " "), None));
        Assert.Contains("actor", noOwner.Message);

        var noTenant = await Assert.ThrowsAsync<ArgumentException>(() => Registry.CreateModelAsync("", new NewRegisteredModel(Model, "alice"), None));
        Assert.Contains("tenant is required", noTenant.Message);

        Assert.Empty(await Registry.ListModelsAsync(Tenant, None));
    }
}
