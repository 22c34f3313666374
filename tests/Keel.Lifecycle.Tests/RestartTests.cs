using Keel.Lifecycle.Tests.Support;
using Keel.ModelRegistry;
using Keel.Workflows;

namespace Keel.Lifecycle.Tests;

/// <summary>An instance waiting for approval outlives the process: the new runtime replays its history and carries on.</summary>
[Collection(PlatformCollection.Name)]
public sealed class RestartTests : IAsyncLifetime
{
    private LifecyclePlatform _platform = null!;

    public async Task InitializeAsync() => _platform = await LifecyclePlatform.StartAsync();

    public async Task DisposeAsync() => await _platform.DisposeAsync();

    [Fact]
    public async Task A_version_waiting_for_approval_is_deployed_after_a_restart_without_training_again()
    {
        const string model = "credit_restarted";
        var instance = await _platform.StartTrainingAsync(Specs.Credit(model));
        var before = await _platform.WaitForStepAsync(instance, TrainingSteps.AwaitingApproval);

        await _platform.RestartAsync();
        var after = await _platform.WaitForStepAsync(instance, TrainingSteps.AwaitingApproval);
        await _platform.DecideAsync(instance, "bob");
        var outcome = await _platform.OutcomeAsync(instance);

        Assert.Equal(before.ApprovalDeadline, after.ApprovalDeadline);
        Assert.Equal(TrainingStatus.Deployed, outcome.Status);
        Assert.Equal(before.RunId, outcome.RunId);
        Assert.Single(await _platform.ActivitiesAsync(instance), nameof(TrainActivity));
        Assert.Equal(ModelStage.Production, (await _platform.Registry.GetVersionAsync(CreditData.Tenant, model, 1, CancellationToken.None))!.Stage);
    }
}
