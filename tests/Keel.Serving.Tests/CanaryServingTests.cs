using Keel.Events;
using Keel.Events.Messaging;
using Keel.Kafka;
using Keel.Lifecycle;
using Keel.ModelRegistry;
using Keel.Serving.Deployments;
using Microsoft.Extensions.DependencyInjection;

namespace Keel.Serving.Tests;

/// <summary>
/// Serving's part of a canary rollout over a real event log (the embedded Kafka cluster): the life
/// cycle's canary events become deployment plans, and the canary monitor publishes one recommendation
/// per plan revision from what the variants recorded.
/// </summary>
public sealed class CanaryServingTests : IDisposable
{
    private const string Tenant = "default";
    private readonly EmbeddedKafkaCluster _cluster = new(1, TimeSpan.Zero);

    public CanaryServingTests()
    {
        // The service reaches this cluster as a production one, by address. The mock cluster cannot
        // create topics through the admin API, so they exist before it starts, as an operator's would.
        foreach (var topic in new[] { KeelTopics.Records, KeelTopics.Features, KeelTopics.Models, KeelTopics.Predictions, KeelTopics.Feedback, KeelTopics.Ingest })
        {
            _cluster.CreateTopic(topic, 6, 1);
            _cluster.CreateTopic(KeelTopics.DeadLetterOf(topic), 6, 1);
        }
    }

    private Task<ServingServer> StartAsync(params (string Key, string Value)[] serving) => ServingServer.StartAsync(
        serving.ToDictionary(s => s.Key, s => (string?)s.Value),
        other: new Dictionary<string, string?> { ["Keel:Kafka:BootstrapServers"] = _cluster.BootstrapServers });

    [Fact]
    public async Task A_canary_start_splits_traffic_by_its_percentage_and_a_rollback_gives_it_back_to_stable()
    {
        await using var server = await StartAsync();
        var plans = server.Services.GetRequiredService<IDeploymentPlanStore>();
        var publisher = server.Services.GetRequiredService<IEventPublisher>();
        var canary = (await server.Services.GetRequiredService<IModelRegistry>().GetVersionAsync(Tenant, Loans.Model, 2, CancellationToken.None))!;
        var started = CanaryEvents.Started(Tenant, canary, stableVersion: 1, percent: 15, "ops@example.com", "wf-canary", "approved", DateTimeOffset.UtcNow);

        // Delivered twice, as after a retried publish: the second changes nothing.
        await publisher.PublishAsync(KeelTopics.Models, [started, started], CancellationToken.None);
        await ModelTopic.EventuallyAsync(() => plans.Get(Tenant, Loans.Model) is not null, "the canary plan is saved");

        var plan = plans.Get(Tenant, Loans.Model)!.Plan;
        Assert.Equal(
            [("stable", 1, 85.0, VariantRole.Stable), ("canary", 2, 15.0, VariantRole.Canary)],
            plan.Variants.Select(v => (v.Name, v.Version, v.Weight, v.Role)));
        Assert.Equal(("wf-canary", "ops@example.com"), (plan.WorkflowInstanceId, plan.UpdatedBy));
        Assert.NotNull(server.Host.Find(Tenant, Loans.Model, 2));
        Assert.Equal(1, server.Host.Find(Tenant, Loans.Model, null)!.Version);
        // Once more, after the plan is in place: still revision 1, so no second recommendation is due.
        await server.Services.GetRequiredService<FollowDeployments>().HandleAsync([started], CancellationToken.None);
        Assert.Equal(1, plans.Get(Tenant, Loans.Model)!.Plan.Revision);

        await publisher.PublishAsync(KeelTopics.Models,
            [CanaryEvents.RolledBack(Tenant, Loans.Model, 2, 1, "workflow:wf-canary", ["errorRate: worse"], "wf-canary", DateTimeOffset.UtcNow)], CancellationToken.None);
        await ModelTopic.EventuallyAsync(() => plans.Get(Tenant, Loans.Model) is null && server.Host.Find(Tenant, Loans.Model, 2) is null,
            "the plan is removed and the canary unloaded");

        Assert.Equal(1, server.Host.Find(Tenant, Loans.Model, null)!.Version);
    }

    [Fact]
    public async Task The_monitor_publishes_one_rollback_per_plan_revision_for_a_canary_that_fails_more()
    {
        await using var server = await StartAsync(("Canary:Interval", "00:00:00.050"), ("Canary:MinRequestsPerVariant", "200"));
        var plans = server.Services.GetRequiredService<IDeploymentPlanStore>();
        var observations = server.Services.GetRequiredService<VariantObservationStore>();
        var first = plans.Save(CanaryPlans.Start(Tenant, Loans.Model, 1, 2, 10, "wf-bad", null));
        Record(observations, first, stableErrorEvery: 100, canaryErrorEvery: 10);

        var recommended = ModelTopic.Read(_cluster.BootstrapServers, KeelEventTypes.CanaryRecommended, quiet: TimeSpan.FromSeconds(1));

        var data = ModelTopic.Data(Assert.Single(recommended));
        Assert.Equal("rollback", data.GetProperty("decision").GetString());
        Assert.Equal((first.Revision, "wf-bad", 2, 1), (data.GetProperty("plan_revision").GetInt64(), data.GetProperty("workflow_instance_id").GetString(),
            data.GetProperty("canary_version").GetInt32(), data.GetProperty("stable_version").GetInt32()));
        Assert.Contains(data.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.Contains("error rate", StringComparison.OrdinalIgnoreCase));
        var analysis = server.Services.GetRequiredService<CanaryAnalyses>().Latest(Tenant, Loans.Model)!;
        Assert.True(analysis.Published);
        Assert.Equal(CanaryDecision.Rollback, analysis.Recommendation.Decision);

        // A new revision of the plan is a new comparison and gets its own recommendation.
        var second = plans.Save(CanaryPlans.Start(Tenant, Loans.Model, 1, 2, 20, "wf-bad", null), first.Revision);
        Record(observations, second, stableErrorEvery: 100, canaryErrorEvery: 10);
        recommended = ModelTopic.Read(_cluster.BootstrapServers, KeelEventTypes.CanaryRecommended, quiet: TimeSpan.FromSeconds(1));

        Assert.Equal([first.Revision, second.Revision], recommended.Select(e => ModelTopic.Data(e).GetProperty("plan_revision").GetInt64()));
    }

    [Fact]
    public async Task The_monitor_says_nothing_while_a_canary_has_too_few_requests()
    {
        await using var server = await StartAsync(("Canary:Interval", "00:00:00.050"));
        var plans = server.Services.GetRequiredService<IDeploymentPlanStore>();
        var plan = plans.Save(CanaryPlans.Start(Tenant, Loans.Model, 1, 2, 10, "wf-quiet", null));
        Record(server.Services.GetRequiredService<VariantObservationStore>(), plan, stableErrorEvery: 100, canaryErrorEvery: 2, requests: 100);

        Assert.Empty(await server.Services.GetRequiredService<CanaryMonitor>().AnalyzeAsync(CancellationToken.None));
        Assert.Empty(ModelTopic.Read(_cluster.BootstrapServers, KeelEventTypes.CanaryRecommended, quiet: TimeSpan.FromSeconds(0.5)));
        Assert.Equal(CanaryDecision.Continue, server.Services.GetRequiredService<CanaryAnalyses>().Latest(Tenant, Loans.Model)!.Recommendation.Decision);
    }

    /// <summary>Requests of both variants at the same latency and scores; only the error rates differ.</summary>
    private static void Record(VariantObservationStore observations, DeploymentPlan plan, int stableErrorEvery, int canaryErrorEvery, int requests = 1000)
    {
        var stable = observations.For(plan.Tenant, plan.Model, plan.Find(VariantRole.Stable)!);
        var canary = observations.For(plan.Tenant, plan.Model, plan.Find(VariantRole.Canary)!);
        for (var i = 0; i < requests; i++)
        {
            var score = (i % 100) / 100.0;
            stable.Record(i % stableErrorEvery != 0, 2.0, score);
            canary.Record(i % canaryErrorEvery != 0, 2.0, score);
        }
    }

    public void Dispose() => _cluster.Dispose();
}
