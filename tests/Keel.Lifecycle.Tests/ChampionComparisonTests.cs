using Keel.Gates;
using Keel.Gates.Performance;
using Keel.Lifecycle.Tests.Support;
using Keel.ModelRegistry;
using Keel.Workflows;

namespace Keel.Lifecycle.Tests;

/// <summary>
/// A retraining of a deployed model: the Retrain workflow trains from the champion's spec as a child
/// instance, the candidate is scored against the champion on the same holdout, and the performance
/// gate's non-inferiority check runs instead of being skipped.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class ChampionComparisonTests(PlatformFixture fixture)
{
    private readonly LifecyclePlatform _platform = fixture.Platform;

    [Fact]
    public async Task A_retrained_candidate_is_compared_with_the_champion_and_records_its_parent_run()
    {
        const string model = "credit_retrained";
        var first = await _platform.StartTrainingAsync(Specs.Credit(model));
        await _platform.WaitForStepAsync(first, TrainingSteps.AwaitingApproval);
        await _platform.DecideAsync(first, "bob");
        Assert.Equal(TrainingStatus.Deployed, (await _platform.OutcomeAsync(first)).Status);
        var champion = (await _platform.Registry.GetVersionAsync(CreditData.Tenant, model, 1, CancellationToken.None))!;

        var retrain = await _platform.Workflows.ScheduleNewWorkflowAsync(nameof(Retrain), input: new RetrainRequest(model, "drift-monitor")
        {
            Reason = "income drifted",
            ApprovalTimeout = TimeSpan.FromMinutes(10),
            Retry = WorkflowDriving.QuickRetry,
        });
        var child = Retrain.TrainingInstanceId(retrain);
        var retraining = await _platform.WaitForStepAsync(retrain, TrainingSteps.TrainValidateRegisterDeploy);
        Assert.Contains(child, retraining.Detail);
        var waiting = await _platform.WaitForStepAsync(child, TrainingSteps.AwaitingApproval);

        var run = await _platform.Tracking.GetRunAsync(CreditData.Tenant, waiting.RunId!, CancellationToken.None);
        var comparison = System.Text.Json.JsonSerializer.Deserialize<ChampionComparison>(
            await _platform.Artifacts.ReadTextAsync(run.Artifacts[RunArtifacts.ChampionComparison].Sha256), LifecycleJson.Options)!;
        Assert.True(comparison.Compared, comparison.Reason);
        Assert.Equal(1, comparison.ChampionVersion);
        Assert.Equal(champion.ArtifactSha256, comparison.ChampionOnnxSha256);
        var report = GateReport.FromJson(await _platform.Artifacts.ReadTextAsync(run.Artifacts[RunArtifacts.GateReportJson].Sha256));
        var nonInferiority = Assert.Single(report.Result(PerformanceGate.GateName)!.Checks, c => c.Name == "non_inferiority");
        Assert.NotEqual(GateVerdict.Skipped, nonInferiority.Verdict);
        Assert.Equal(GateVerdict.Pass, nonInferiority.Verdict);
        Assert.NotNull(report.ChampionMetrics);
        // The same spec on the same data: the champion scores the holdout as the candidate does (ONNX against ML.NET, within parity).
        Assert.Equal(report.Metrics["auc"], report.ChampionMetrics!["auc"], 3);

        await _platform.DecideAsync(child, "bob");
        var outcome = await _platform.OutcomeAsync(retrain);

        Assert.Equal(TrainingStatus.Deployed, outcome.Status);
        Assert.Equal(2, outcome.Version);
        Assert.Equal(1, outcome.PreviousChampion);
        var retrained = (await _platform.Registry.GetVersionAsync(CreditData.Tenant, model, 2, CancellationToken.None))!;
        Assert.Equal(champion.RunId, retrained.Lineage.ParentRunId);
        Assert.Equal("drift-monitor", retrained.CreatedBy);
        Assert.Equal(ModelStage.Archived, (await _platform.Registry.GetVersionAsync(CreditData.Tenant, model, 1, CancellationToken.None))!.Stage);
        Assert.Equal(2, (await _platform.Registry.GetByAliasAsync(CreditData.Tenant, model, ModelAliases.Champion, CancellationToken.None))!.Version);
        var deployed = ModelEvents.ReadDeployed(_platform.KafkaBootstrap, model, expected: 2);
        Assert.Equal(1, ModelEvents.Data(deployed[1]).GetProperty("replaced_version").GetInt32());
    }
}
