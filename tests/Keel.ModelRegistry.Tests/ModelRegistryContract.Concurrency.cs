namespace Keel.ModelRegistry.Tests;

public abstract partial class ModelRegistryContract
{
    private const int Racers = 8;

    [Fact]
    public async Task Parallel_promotions_leave_exactly_one_production_version_and_every_transition_has_its_actor()
    {
        await CreateModelAsync();
        for (var seed = 1; seed <= Racers; seed++)
        {
            await VersionInAsync(ModelStage.Staging, seed.ToString());
        }

        var results = await RaceAsync(Racers, (registry, racer) => registry.TransitionAsync(Tenant,
            new TransitionRequest(Model, racer, ModelStage.Production, $"approver-{racer}", $"promote {racer}"), None));

        var production = Assert.Single(await Registry.ListVersionsAsync(Tenant, Model, ModelStage.Production, None));
        Assert.All(results, r => Assert.Null(r.Error));
        Assert.Equal(Racers - 1, (await Registry.ListVersionsAsync(Tenant, Model, ModelStage.Archived, None)).Count);

        var history = await Registry.TransitionsAsync(Tenant, Model, null, None);
        Assert.All(history, t => Assert.False(string.IsNullOrWhiteSpace(t.Actor)));
        var promotions = history.Where(t => t.To == ModelStage.Production).ToList();
        Assert.Equal(
            Enumerable.Range(1, Racers).Select(r => $"approver-{r}").Order(StringComparer.Ordinal),
            promotions.Select(t => t.Actor).Order(StringComparer.Ordinal));
        Assert.Equal(production.Version, promotions[^1].Version);

        // The promotions ran one after another: each archived the version promoted just before it,
        // and the archiving is recorded with the actor of the promotion that caused it.
        var archives = history.Where(t => t is { From: ModelStage.Production, To: ModelStage.Archived }).ToList();
        Assert.Equal(Racers - 1, archives.Count);
        for (var i = 1; i < promotions.Count; i++)
        {
            Assert.Equal(promotions[i - 1].Version, archives[i - 1].Version);
            Assert.Equal(promotions[i].Actor, archives[i - 1].Actor);
            Assert.True(promotions[i - 1].Sequence < archives[i - 1].Sequence && archives[i - 1].Sequence < promotions[i].Sequence);
        }
    }

    [Fact]
    public async Task Parallel_promotions_without_archiving_let_exactly_one_win()
    {
        await CreateModelAsync();
        for (var seed = 1; seed <= Racers; seed++)
        {
            await VersionInAsync(ModelStage.Staging, seed.ToString());
        }

        var results = await RaceAsync(Racers, (registry, racer) => registry.TransitionAsync(Tenant,
            new TransitionRequest(Model, racer, ModelStage.Production, $"approver-{racer}", "first one wins") { ArchiveExisting = false }, None));

        var winner = Assert.Single(results, r => r.Error is null);
        Assert.All(results.Where(r => r.Error is not null), r => Assert.IsType<RegistryConflictException>(r.Error));
        var production = Assert.Single(await Registry.ListVersionsAsync(Tenant, Model, ModelStage.Production, None));
        Assert.Equal(winner.Value!.Version.Version, production.Version);
        var promotion = Assert.Single(await Registry.TransitionsAsync(Tenant, Model, null, None), t => t.To == ModelStage.Production);
        Assert.Equal($"approver-{production.Version}", promotion.Actor);
    }

    [Fact]
    public async Task Parallel_changes_expecting_the_same_revision_let_exactly_one_win()
    {
        await CreateModelAsync();
        var read = await VersionInAsync(ModelStage.Staging, "1");

        var results = await RaceAsync(Racers, (registry, racer) => registry.TransitionAsync(Tenant,
            new TransitionRequest(Model, 1, racer % 2 == 0 ? ModelStage.Production : ModelStage.Archived, $"actor-{racer}", "decided on what I read")
            {
                ExpectedRevision = read.Revision,
            }, None));

        var winner = Assert.Single(results, r => r.Error is null);
        Assert.All(results.Where(r => r.Error is not null), r => Assert.Equal(read.Revision + 1, Assert.IsType<RegistryConflictException>(r.Error).CurrentRevision));
        var version = (await Registry.GetVersionAsync(Tenant, Model, 1, None))!;
        Assert.Equal(winner.Value!.Version.Stage, version.Stage);
        Assert.Equal(read.Revision + 1, version.Revision);
        Assert.Single(await Registry.TransitionsAsync(Tenant, Model, 1, None), t => t.From == ModelStage.Staging);
    }

    [Fact]
    public async Task Parallel_registrations_get_consecutive_version_numbers()
    {
        await CreateModelAsync();

        var results = await RaceAsync(Racers, (registry, racer) =>
            registry.CreateVersionAsync(Tenant, Model, SampleVersion(racer.ToString(), runId: $"run-{racer}"), $"trainer-{racer}", None));

        Assert.All(results, r => Assert.Null(r.Error));
        Assert.Equal(Enumerable.Range(1, Racers), results.Select(r => r.Value!.Version).Order());
        Assert.Equal(Racers, (await Registry.GetModelAsync(Tenant, Model, None))!.LatestVersion);
    }

    /// <summary>
    /// Runs one operation per racer, each through a registry of its own (its own connections, as
    /// separate processes would have), all released at the same moment.
    /// </summary>
    private async Task<(T? Value, Exception? Error)[]> RaceAsync<T>(int racers, Func<IModelRegistry, int, Task<T>> operation)
        where T : class
    {
        var registries = Enumerable.Range(0, racers).Select(_ => Open()).ToArray();
        // Warm each registry up (schema check, first connection), so that the race is about the change itself.
        foreach (var registry in registries)
        {
            await registry.ListModelsAsync(Tenant, None);
        }

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(1, racers).Select(racer => Task.Run(async () =>
        {
            await start.Task;
            try
            {
                return ((T?)await operation(registries[racer - 1], racer), (Exception?)null);
            }
            catch (ModelRegistryException exception)
            {
                return (null, exception);
            }
        })).ToArray();
        start.SetResult();
        return await Task.WhenAll(tasks);
    }
}
