using Keel.Features.Definitions;
using Keel.Features.Registry;

namespace Keel.Features.Tests;

public sealed class RegistryTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private SqliteFeatureRegistry Open() => new(_dir.File("registry.db"));

    [Fact]
    public async Task Applying_registers_every_object_and_reapplying_changes_nothing()
    {
        var registry = Open();

        var first = await registry.ApplyAsync("t1", SampleRepository.Create(), default);
        var second = await registry.ApplyAsync("t1", SampleRepository.Create(), default);

        Assert.All(first.Objects, o => Assert.True(o.Changed));
        Assert.All(second.Objects, o => Assert.False(o.Changed));
        Assert.Equal(first.Objects.Select(o => o.Version), second.Objects.Select(o => o.Version));
        Assert.Contains(first.Objects, o => o.Kind == ObjectKinds.View && o.Name == "loan_features");
    }

    [Fact]
    public async Task Changing_a_view_makes_a_new_version_and_keeps_the_old_one()
    {
        var registry = Open();
        var original = SampleRepository.Create();
        var before = (await registry.ApplyAsync("t1", original, default)).Objects.Single(o => o.Name == "loan_features");

        var changed = original with { FeatureViews = [original.FeatureViews[0] with { Ttl = TimeSpan.FromDays(7) }, original.FeatureViews[1]] };
        var after = (await registry.ApplyAsync("t1", changed, default)).Objects.Single(o => o.Name == "loan_features");

        Assert.NotEqual(before.Version, after.Version);
        Assert.True(after.Changed);
        var snapshot = await Open().SnapshotAsync("t1", default);
        Assert.Equal(after.Version, snapshot.View("loan_features")!.Version);
        var old = await registry.GetViewVersionAsync("t1", "loan_features", before.Version, default);
        Assert.Equal(TimeSpan.FromDays(30), old!.Ttl);
    }

    [Fact]
    public async Task An_invalid_repository_registers_nothing_and_lists_every_error()
    {
        var registry = Open();
        var repository = SampleRepository.Create() with { LabelView = "missing", FeatureServices = [new FeatureServiceDefinition { Name = "s", Features = [new FeatureReference("nope", [])] }] };

        var error = await Assert.ThrowsAsync<FeatureRegistryException>(() => registry.ApplyAsync("t1", repository, default));

        Assert.Equal(2, error.Errors.Count);
        Assert.Empty((await registry.SnapshotAsync("t1", default)).Repositories);
    }

    [Fact]
    public async Task Tenants_do_not_see_each_other()
    {
        var registry = Open();
        await registry.ApplyAsync("t1", SampleRepository.Create(), default);

        Assert.Empty((await registry.SnapshotAsync("t2", default)).Views);
        Assert.Equal(["t1"], await registry.TenantsAsync(default));
    }

    [Fact]
    public async Task A_snapshot_indexes_views_by_dataset_and_compiles_them()
    {
        var registry = Open();
        await registry.ApplyAsync("t1", SampleRepository.Create(), default);

        var snapshot = await registry.SnapshotAsync("t1", default);
        var repository = snapshot.ForDataset("loans")!;
        var view = repository.Views.Single(v => v.Name == "loan_features");
        var values = view.Compiled.Evaluate(new Dictionary<string, object?> { ["amount"] = 10.0, ["income"] = 40L, ["age"] = 33L, ["purpose"] = "car" });

        Assert.Equal([10.0, 40.0, 33L, "car", 0.25, false], values);
        Assert.Equal("loan_model", snapshot.Services.Single().Name);
    }

    [Fact]
    public async Task An_object_owned_by_another_project_is_not_taken_over()
    {
        var registry = Open();
        await registry.ApplyAsync("t1", SampleRepository.Create(), default);

        var other = SampleRepository.Create() with { Project = "other" };
        var error = await Assert.ThrowsAsync<FeatureRegistryException>(() => registry.ApplyAsync("t1", other, default));

        Assert.Contains(error.Errors, e => e.Contains("belongs to project 'loans'"));
    }

    [Fact]
    public async Task Views_dropped_from_the_repository_stop_being_current()
    {
        var registry = Open();
        var repository = SampleRepository.Create();
        await registry.ApplyAsync("t1", repository, default);

        await registry.ApplyAsync("t1", repository with { FeatureViews = [repository.FeatureViews[1]], FeatureServices = [] }, default);

        var snapshot = await Open().SnapshotAsync("t1", default);
        Assert.Null(snapshot.View("loan_features"));
        Assert.NotNull(snapshot.View("loan_labels"));
    }
}
