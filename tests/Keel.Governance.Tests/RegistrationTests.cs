using System.Security.Claims;
using Keel.Audit;
using Keel.ModelRegistry;
using Keel.Security.ApiKeys;
using Keel.Serving.Deployments;
using Keel.Storage.Artifacts;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Keel.Governance.Tests;

/// <summary>How governance is composed into a host: what is decorated, once, and who the actor of an unnamed change is.</summary>
public sealed class RegistrationTests : IDisposable
{
    private readonly TestDirectory _dir = new();

    private IConfiguration Configuration => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["Keel:DataDir"] = _dir.Path })
        .Build();

    [Fact]
    public async Task AddKeelGovernance_decorates_what_the_host_registered_once_however_often_it_is_called()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IModelRegistry>(_ => new SqliteModelRegistry(_dir.File("model-registry.db")));
        services.AddSingleton<IArtifactStore>(new LocalArtifactStore(new ArtifactStoreOptions { RootDirectory = _dir.File("artifacts") }));
        services.AddKeelDeployments();
        services.AddKeelGovernanceRecorder();
        services.AddKeelGovernance(Configuration);
        services.AddKeelGovernance(Configuration);
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var registry = provider.GetRequiredService<IModelRegistry>();
        Assert.IsType<AuditedModelRegistry>(registry);
        Assert.IsType<AuditedDeploymentPlanStore>(provider.GetRequiredService<IDeploymentPlanStore>());
        Assert.Null(provider.GetService<IApiKeyStore>());
        Assert.IsType<AuditGovernanceRecorder>(provider.GetRequiredService<IGovernanceRecorder>());
        Assert.Same(registry, provider.GetRequiredService<IModelRegistry>());

        await registry.CreateModelAsync("acme", new NewRegisteredModel("credit_risk", "risk-team"), CancellationToken.None);
        var entries = new List<AuditEntry>();
        await foreach (var entry in provider.GetRequiredService<IAuditLog>().ReadAsync(new AuditQuery(), CancellationToken.None))
        {
            entries.Add(entry);
        }
        Assert.Equal(GovernanceActions.ModelCreated, Assert.Single(entries).Action);
    }

    [Fact]
    public void A_host_with_only_deployment_plans_gets_them_audited_and_a_recorder_that_records_nothing()
    {
        var services = new ServiceCollection();
        services.AddKeelDeployments();
        services.AddKeelGovernance(Configuration);
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        Assert.IsType<AuditedDeploymentPlanStore>(provider.GetRequiredService<IDeploymentPlanStore>());
        Assert.Null(provider.GetService<IModelRegistry>());
        Assert.Same(NoGovernanceRecorder.Instance, provider.GetRequiredService<IGovernanceRecorder>());
    }

    [Fact]
    public async Task The_decorated_service_is_still_built_and_disposed_by_the_container()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IDeploymentPlanStore, DisposablePlans>();
        services.AddKeelGovernance(Configuration);
        DisposablePlans inner;
        await using (var provider = services.BuildServiceProvider())
        {
            var plans = provider.GetRequiredService<IDeploymentPlanStore>();
            Assert.IsType<AuditedDeploymentPlanStore>(plans);
            inner = Assert.IsType<DisposablePlans>(provider.GetRequiredKeyedService<IDeploymentPlanStore>("keel.governance.audited"));
            Assert.False(inner.Disposed);
        }
        Assert.True(inner.Disposed);
    }

    [Fact]
    public void Called_before_the_host_registered_anything_to_audit_it_says_so()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddKeelGovernance(Configuration));

        Assert.Contains("after the host's own registrations", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_AddKeelGovernance_the_recorder_records_nothing()
    {
        using var provider = new ServiceCollection().AddKeelGovernanceRecorder().BuildServiceProvider();

        Assert.Same(NoGovernanceRecorder.Instance, provider.GetRequiredService<IGovernanceRecorder>());
    }

    [Fact]
    public void The_actor_of_an_unnamed_change_is_the_scope_then_the_authenticated_caller_then_the_actor_header_then_the_system()
    {
        var accessor = new HttpContextAccessor();
        var actors = new AuditActors(accessor);
        Assert.Equal(GovernanceActors.System, actors.Current());

        var context = new DefaultHttpContext();
        context.Request.Headers["X-Keel-Actor"] = "header-hank";
        accessor.HttpContext = context;
        Assert.Equal("header-hank", actors.Current());

        context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "token-tara"), new Claim("tenant", "acme")], "Bearer"));
        Assert.Equal("token-tara", actors.Current());

        using (AuditActorScope.Begin("scoped-sam"))
        {
            Assert.Equal("scoped-sam", actors.Current());
        }
        Assert.Equal("token-tara", actors.Current());
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>A plan store that owns something to release, as a database-backed one would.</summary>
    private sealed class DisposablePlans : IDeploymentPlanStore, IDisposable
    {
        private readonly InMemoryDeploymentPlanStore _plans = new();

        public bool Disposed { get; private set; }

        public RoutingTable? Get(string tenant, string model) => _plans.Get(tenant, model);

        public DeploymentPlan Save(DeploymentPlan plan, long? expectedRevision = null) => _plans.Save(plan, expectedRevision);

        public bool Remove(string tenant, string model, long? expectedRevision = null) => _plans.Remove(tenant, model, expectedRevision);

        public IReadOnlyList<DeploymentPlan> List(string tenant) => _plans.List(tenant);

        public IReadOnlyList<DeploymentPlan> ListAll() => _plans.ListAll();

        public void Dispose() => Disposed = true;
    }
}
