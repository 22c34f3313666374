using Dapr.Workflow;
using Dapr.Workflow.Abstractions;
using Keel.Audit;
using Keel.Lifecycle;
using Keel.ModelRegistry;
using Keel.Tracking;
using Keel.Workflows;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Keel.Governance.Tests;

/// <summary>
/// The approval steps, built as both workflow runtimes build activities (ActivatorUtilities): with
/// governance composed they audit what they did; without it they work as before and record nothing.
/// </summary>
public sealed class ActivityRecordingTests : IDisposable
{
    private const string Tenant = RegistryBed.Tenant;
    private const string Model = RegistryBed.Model;
    private readonly TestDirectory _dir = new();

    private ServiceProvider Provider(bool governed)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Keel:DataDir"] = _dir.Path }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IModelRegistry>(_ => new SqliteModelRegistry(_dir.File("model-registry.db")));
        services.AddSingleton<ITrackingStore>(_ => new SqliteTrackingStore(_dir.File("tracking.db")));
        services.AddSingleton<Keel.Storage.Artifacts.IArtifactStore>(_ => new Keel.Storage.Artifacts.LocalArtifactStore(new Keel.Storage.Artifacts.ArtifactStoreOptions { RootDirectory = _dir.File("artifacts") }));
        services.AddSingleton(Options.Create(new LifecycleOptions()));
        services.AddSingleton<Approvals>();
        services.AddSingleton<Rejection>();
        if (governed)
        {
            services.AddKeelGovernance(configuration);
        }
        return services.BuildServiceProvider();
    }

    private static async Task SeedAsync(IServiceProvider services)
    {
        var registry = services.GetRequiredService<IModelRegistry>();
        var run = await services.GetRequiredService<ITrackingStore>().StartRunAsync(Tenant, Model, "train", null, null, null, "alice", CancellationToken.None);
        await registry.CreateModelAsync(Tenant, new NewRegisteredModel(Model, "risk-team"), CancellationToken.None);
        await registry.CreateVersionAsync(Tenant, Model, RegistryBed.Version(run.Id), "alice", CancellationToken.None);
        await registry.TransitionAsync(Tenant, new TransitionRequest(Model, 1, ModelStage.Staging, "workflow:wf-1", "gates passed"), CancellationToken.None);
    }

    private static Task<TOutput> RunAsync<TActivity, TInput, TOutput>(IServiceProvider services, TInput input)
        where TActivity : WorkflowActivity<TInput, TOutput> =>
        ActivatorUtilities.CreateInstance<TActivity>(services).RunAsync(new Context(typeof(TActivity).Name, "wf-1"), input);

    [Fact]
    public async Task Governed_approval_steps_audit_the_request_every_refusal_the_decision_and_a_missed_deadline()
    {
        await using var services = Provider(governed: true);
        await SeedAsync(services);

        await RunAsync<RequestApprovalActivity, ApprovalRequestInput, ApprovalRequest>(services, new(Tenant, Model, 1, "alice", null));
        var refused = await RunAsync<ReviewApprovalActivity, ApprovalReviewInput, ApprovalReview>(services, new(Tenant, Model, 1, "alice", new ApprovalDecision(true, "alice")));
        var granted = await RunAsync<ReviewApprovalActivity, ApprovalReviewInput, ApprovalReview>(services, new(Tenant, Model, 1, "alice", new ApprovalDecision(true, "bob", "ok")));
        await RunAsync<RejectActivity, RejectInput, VersionStage>(services, new(Tenant, Model, 1, "workflow:wf-1", "nobody approved in time", TimedOut: true));

        Assert.False(refused.Counts);
        Assert.True(granted.Counts);
        var entries = new List<AuditEntry>();
        await foreach (var entry in services.GetRequiredService<IAuditLog>().ReadAsync(new AuditQuery { Tenant = Tenant, Target = "model:credit_risk:1" }, CancellationToken.None))
        {
            entries.Add(entry);
        }
        Assert.Equal(
        [
            (AuditActions.ModelRegistered, "alice"), (AuditActions.ModelStageChanged, "workflow:wf-1"), (GovernanceActions.ApprovalRequested, "alice"),
            (AuditActions.AccessDenied, "alice"), (AuditActions.ApprovalGranted, "bob"), (GovernanceActions.ApprovalTimedOut, "workflow:wf-1"),
            (AuditActions.ModelArchived, "workflow:wf-1"),
        ], entries.Select(e => (e.Action, e.Actor)));
    }

    [Fact]
    public async Task Without_governance_the_steps_are_built_and_run_as_before()
    {
        await using var services = Provider(governed: false);
        await SeedAsync(services);

        var review = await RunAsync<ReviewApprovalActivity, ApprovalReviewInput, ApprovalReview>(services, new(Tenant, Model, 1, "alice", new ApprovalDecision(true, "bob")));

        Assert.True(review.Counts);
        Assert.Null(services.GetService<IAuditLog>());
        Assert.Null(services.GetService<IGovernanceRecorder>());
    }

    private sealed class Context(string name, string instanceId) : WorkflowActivityContext
    {
        public override TaskIdentifier Identifier { get; } = new(name);

        public override string InstanceId { get; } = instanceId;

        public override string TaskExecutionKey => InstanceId + ":1";

        public override int ScheduledEventId => 1;
    }

    public void Dispose() => _dir.Dispose();
}
