using Keel.Events;
using Keel.Kafka;
using Keel.Lifecycle.Tests.Support;
using Keel.ModelRegistry;
using Keel.Serving;
using Keel.Serving.Deployments;
using Keel.Serving.Runtime;
using Keel.Workflows;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Keel.Lifecycle.Tests;

/// <summary>
/// A canary rollout end to end, as <c>keel up</c> runs it: the workflow announces the canary on the
/// embedded Kafka, serving splits the traffic, the canary monitor judges what the variants recorded and
/// publishes its recommendation, which is forwarded to the waiting workflow; the workflow then rolls the
/// canary back or deploys and promotes it, and serving follows.
/// </summary>
public sealed class CanaryRolloutTests : IAsyncLifetime
{
    private const string Model = "credit_canary";
    private LifecyclePlatform _platform = null!;

    public async Task InitializeAsync() => _platform = await LifecyclePlatform.StartAsync(services =>
    {
        var serving = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Keel:Serving:FollowAllDeployments"] = "true",
            ["Keel:Serving:WarmupRuns"] = "1",
            ["Keel:Serving:Canary:Interval"] = "00:00:00.100",
            ["Keel:Serving:Canary:MinRequestsPerVariant"] = "200",
        }).Build();
        services.AddKeelServing(serving);
        services.AddKeelKafkaConsumer(KeelTopics.Models, sp => sp.GetRequiredService<FollowDeployments>(), "keel-serving-tests");
    });

    public async Task DisposeAsync() => await _platform.DisposeAsync();

    [Fact]
    public async Task A_failing_canary_is_rolled_back_while_stable_serves_and_a_good_one_is_promoted()
    {
        var host = _platform.Services.GetRequiredService<ModelHost>();
        var plans = _platform.Services.GetRequiredService<IDeploymentPlanStore>();
        var first = await _platform.StartTrainingAsync(Specs.Credit(Model));
        await _platform.WaitForStepAsync(first, TrainingSteps.AwaitingApproval);
        await _platform.DecideAsync(first, "bob");
        Assert.Equal(TrainingStatus.Deployed, (await _platform.OutcomeAsync(first)).Status);
        await EventuallyAsync(() => host.Find(CreditData.Tenant, Model, null)?.Version == 1, "version 1 is served");

        // Version 2 fails one request in ten where version 1 fails one in a hundred.
        var second = await StartCanaryAsync();
        var plan = await CanaryPlanAsync(plans, second, canaryVersion: 2);
        Record(plan, canaryErrorEvery: 10);
        var rolledBack = await _platform.OutcomeAsync(second);

        Assert.Equal(TrainingStatus.RolledBack, rolledBack.Status);
        Assert.Contains(rolledBack.CanaryReasons, r => r.Contains("error rate", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(ModelStage.Archived, await StageAsync(2));
        Assert.Equal(ModelStage.Production, await StageAsync(1));
        Assert.Equal(1, (await _platform.Registry.GetByAliasAsync(CreditData.Tenant, Model, ModelAliases.Champion, CancellationToken.None))!.Version);
        await EventuallyAsync(() => plans.Get(CreditData.Tenant, Model) is null, "the canary plan ends");
        Assert.Equal(1, host.Find(CreditData.Tenant, Model, null)!.Version);

        // Version 3 does as well as version 1.
        var third = await StartCanaryAsync();
        plan = await CanaryPlanAsync(plans, third, canaryVersion: 3);
        Record(plan, canaryErrorEvery: 100);
        var promoted = await _platform.OutcomeAsync(third);

        Assert.Equal(TrainingStatus.Deployed, promoted.Status);
        Assert.Equal(ModelStage.Production, await StageAsync(3));
        Assert.Equal(ModelStage.Archived, await StageAsync(1));
        Assert.Equal(3, (await _platform.Registry.GetByAliasAsync(CreditData.Tenant, Model, ModelAliases.Champion, CancellationToken.None))!.Version);
        await EventuallyAsync(() => host.Find(CreditData.Tenant, Model, null)?.Version == 3 && plans.Get(CreditData.Tenant, Model) is null, "version 3 serves everything");
    }

    private async Task<string> StartCanaryAsync()
    {
        var request = new TrainingRequest(Specs.Credit(Model), "alice")
        {
            ApprovalTimeout = TimeSpan.FromMinutes(10),
            Retry = WorkflowDriving.QuickRetry,
            Canary = new CanaryRequest(10, TimeSpan.FromMinutes(10)),
        };
        var instance = await _platform.Workflows.ScheduleNewWorkflowAsync(nameof(TrainValidateRegisterDeploy), input: request);
        await _platform.WaitForStepAsync(instance, TrainingSteps.AwaitingApproval);
        await _platform.DecideAsync(instance, "bob");
        await _platform.WaitForStepAsync(instance, TrainingSteps.AwaitingCanary);
        return instance;
    }

    private static async Task<DeploymentPlan> CanaryPlanAsync(IDeploymentPlanStore plans, string instance, int canaryVersion)
    {
        await EventuallyAsync(() => plans.Get(CreditData.Tenant, Model)?.Plan.Find(VariantRole.Canary)?.Version == canaryVersion, $"serving routes 10 % to version {canaryVersion}");
        var plan = plans.Get(CreditData.Tenant, Model)!.Plan;
        Assert.Equal(instance, plan.WorkflowInstanceId);
        Assert.Equal((90.0, 10.0), (plan.Find(VariantRole.Stable)!.Weight, plan.Find(VariantRole.Canary)!.Weight));
        return plan;
    }

    /// <summary>What the prediction path records per request: both variants at the same latency and scores; the error rates as given.</summary>
    private void Record(DeploymentPlan plan, int canaryErrorEvery)
    {
        var observations = _platform.Services.GetRequiredService<VariantObservationStore>();
        var stable = observations.For(plan.Tenant, plan.Model, plan.Find(VariantRole.Stable)!);
        var canary = observations.For(plan.Tenant, plan.Model, plan.Find(VariantRole.Canary)!);
        for (var i = 0; i < 1000; i++)
        {
            var score = (i % 100) / 100.0;
            stable.Record(i % 100 != 0, 3.0, score);
            canary.Record(i % canaryErrorEvery != 0, 3.0, score);
        }
    }

    private async Task<ModelStage> StageAsync(int version) =>
        (await _platform.Registry.GetVersionAsync(CreditData.Tenant, Model, version, CancellationToken.None))!.Stage;

    private static async Task EventuallyAsync(Func<bool> probe, string what)
    {
        var deadline = DateTime.UtcNow + WorkflowDriving.Limit;
        while (!probe())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting until {what}");
            await Task.Delay(50);
        }
    }
}
