using Keel.Events.Messaging;
using Keel.Kafka;
using Keel.Lifecycle.Tests.Support;
using Keel.ModelRegistry;
using Keel.Workflows;
using Microsoft.Extensions.DependencyInjection;

namespace Keel.Lifecycle.Tests;

/// <summary>
/// A failure after registration is compensated: here the broker refuses the announcement of the
/// second version, after the deployment had already moved it into Production and archived the first.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class CompensationTests : IAsyncLifetime
{
    private const string Model = "credit_compensated";
    private FailingModelPublisher? _publisher;
    private LifecyclePlatform _platform = null!;

    public async Task InitializeAsync() => _platform = await LifecyclePlatform.StartAsync(services =>
        services.AddSingleton<IEventPublisher>(sp => _publisher = new FailingModelPublisher(sp.GetRequiredService<KafkaEventPublisher>(), Model, version: 2)));

    public async Task DisposeAsync() => await _platform.DisposeAsync();

    [Fact]
    public async Task A_deployment_that_fails_after_registration_archives_the_new_version_and_restores_the_previous_champion()
    {
        var first = await _platform.StartTrainingAsync(Specs.Credit(Model));
        await _platform.WaitForStepAsync(first, TrainingSteps.AwaitingApproval);
        await _platform.DecideAsync(first, "bob");
        Assert.Equal(TrainingStatus.Deployed, (await _platform.OutcomeAsync(first)).Status);

        var second = await _platform.StartTrainingAsync(Specs.Credit(Model));
        await _platform.WaitForStepAsync(second, TrainingSteps.AwaitingApproval);
        await _platform.DecideAsync(second, "bob");
        var outcome = await _platform.OutcomeAsync(second);

        Assert.Equal(TrainingStatus.Failed, outcome.Status);
        Assert.True(outcome.Compensated);
        Assert.Equal(2, outcome.Version);
        Assert.Contains("Deploy failed", outcome.Summary);
        Assert.Contains("injected fault", outcome.Summary);
        Assert.Contains("version 1 back in Production", outcome.Summary);
        Assert.Equal(WorkflowDriving.QuickRetry.MaxAttempts, _publisher!.Refused);

        var registry = _platform.Registry;
        Assert.Equal(ModelStage.Archived, (await registry.GetVersionAsync(CreditData.Tenant, Model, 2, CancellationToken.None))!.Stage);
        Assert.Equal(ModelStage.Production, (await registry.GetVersionAsync(CreditData.Tenant, Model, 1, CancellationToken.None))!.Stage);
        Assert.Equal(1, (await registry.GetByAliasAsync(CreditData.Tenant, Model, ModelAliases.Champion, CancellationToken.None))!.Version);

        // Every change is recorded with who made it and why: bob's deployment archived version 1,
        // the workflow archived version 2 and brought version 1 back through Staging.
        var actor = LifecycleActors.Workflow(second);
        var changes = (await registry.TransitionsAsync(CreditData.Tenant, Model, null, CancellationToken.None))
            .SkipWhile(t => !(t.Version == 2 && t.To == ModelStage.Production))
            .Select(t => (t.Version, t.From, t.To, t.Actor))
            .ToArray();
        Assert.Equal(
            new[]
            {
                (2, ModelStage.Staging, ModelStage.Production, "bob"),
                (2, ModelStage.Production, ModelStage.Archived, actor),
                (1, ModelStage.Archived, ModelStage.Staging, actor),
                (1, ModelStage.Staging, ModelStage.Production, actor),
            },
            changes);
        var archiving = (await registry.TransitionsAsync(CreditData.Tenant, Model, 2, CancellationToken.None)).Last();
        Assert.Contains("injected fault", archiving.Reason);

        var activities = await _platform.ActivitiesAsync(second);
        Assert.Contains(nameof(CompensateActivity), activities);
        Assert.DoesNotContain(nameof(PromoteActivity), activities);
        var status = (await _platform.Workflows.GetHistoryAsync(second))
            .Where(s => s.Kind == Keel.Workflows.Local.WorkflowStepKind.CustomStatusSet)
            .Select(s => System.Text.Json.JsonDocument.Parse(s.Data!).RootElement.GetProperty("step").GetString());
        Assert.Contains(TrainingSteps.Compensate, status);

        // Serving hears that version 1 is back: its first deployment and its restoration.
        var announced = ModelEvents.ReadDeployed(_platform.KafkaBootstrap, Model, expected: 2);
        Assert.Equal([1, 1], announced.Select(e => ModelEvents.Data(e).GetProperty("version").GetInt32()));
        Assert.StartsWith("restored: ", ModelEvents.Data(announced[1]).GetProperty("reason").GetString());
        Assert.NotEqual(announced[0].Id, announced[1].Id);
    }
}
