using static Keel.Tracking.Tests.TrackingTestBed;

namespace Keel.Tracking.Tests;

public sealed class ExperimentTests : IDisposable
{
    private readonly TrackingTestBed _bed = new();

    public void Dispose() => _bed.Dispose();

    [Fact]
    public async Task Get_or_create_returns_the_same_experiment_and_merges_tags()
    {
        var created = await _bed.Store.GetOrCreateExperimentAsync("acme", "credit", Strings(("team", "risk"), ("cost_centre", "cc-1")), Ct);
        var again = await _bed.Store.GetOrCreateExperimentAsync("acme", "credit", Strings(("cost_centre", "cc-2")), Ct);

        Assert.Equal(created.Id, again.Id);
        Assert.Equal("acme", again.Tenant);
        Assert.Equal(_bed.Clock.Now, again.CreatedAt);
        Assert.Equal(Strings(("cost_centre", "cc-2"), ("team", "risk")), again.Tags);
    }

    [Fact]
    public async Task Each_tenant_has_its_own_experiments_even_of_the_same_name()
    {
        var acme = await _bed.Store.GetOrCreateExperimentAsync("acme", "credit", null, Ct);
        var globex = await _bed.Store.GetOrCreateExperimentAsync("globex", "credit", Strings(("team", "g")), Ct);
        await _bed.Store.GetOrCreateExperimentAsync("acme", "churn", null, Ct);

        Assert.NotEqual(acme.Id, globex.Id);
        Assert.Equal(["churn", "credit"], (await _bed.Store.ListExperimentsAsync("acme", Ct)).Select(e => e.Name));
        var listed = Assert.Single(await _bed.Store.ListExperimentsAsync("globex", Ct));
        Assert.Equal(globex.Id, listed.Id);
        Assert.Equal("g", listed.Tags["team"]);
        Assert.Empty(await _bed.Store.ListExperimentsAsync("initech", Ct));
    }

    [Fact]
    public async Task Starting_a_run_creates_its_experiment()
    {
        var run = await _bed.StartAsync("first", experiment: "fraud");

        var experiment = Assert.Single(await _bed.Store.ListExperimentsAsync("acme", Ct));
        Assert.Equal("fraud", experiment.Name);
        Assert.Equal(experiment.Id, run.ExperimentId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ACME")]
    [InlineData("a/b")]
    [InlineData("../x")]
    public async Task A_bad_tenant_name_is_refused_with_the_rule(string tenant)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => _bed.Store.GetOrCreateExperimentAsync(tenant, "credit", null, Ct));

        Assert.Contains("lower-case letters", error.Message);
    }

    [Fact]
    public async Task An_empty_or_overlong_experiment_name_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _bed.Store.GetOrCreateExperimentAsync("acme", " ", null, Ct));
        var error = await Assert.ThrowsAsync<ArgumentException>(() => _bed.Store.GetOrCreateExperimentAsync("acme", new string('x', 251), null, Ct));
        Assert.Contains("at most 250", error.Message);
    }
}
