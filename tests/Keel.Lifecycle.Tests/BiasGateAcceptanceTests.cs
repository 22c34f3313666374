using Keel.Gates;
using Keel.Gates.Bias;
using Keel.Lifecycle.Tests.Support;
using Keel.ModelCards;
using Keel.ModelRegistry;
using Keel.Tracking;
using Keel.Workflows;

namespace Keel.Lifecycle.Tests;

/// <summary>
/// The acceptance test of the bias gate, end to end through the workflow: a model of a label that
/// depends on age fails the gate and registers nothing; a model of a fair label passes every gate,
/// is registered with its reports and model card, and is deployed once a second identity approves.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class BiasGateAcceptanceTests(PlatformFixture fixture)
{
    private readonly LifecyclePlatform _platform = fixture.Platform;

    [Fact]
    public async Task A_model_whose_label_depends_on_age_fails_the_bias_gate_and_is_not_registered()
    {
        var instance = await _platform.StartTrainingAsync(Specs.Credit("credit_biased", biased: true));

        var outcome = await _platform.OutcomeAsync(instance);

        Assert.Equal(TrainingStatus.RejectedByGates, outcome.Status);
        Assert.StartsWith("rejected by gates: ", outcome.Summary);
        var bias = Assert.Single(outcome.FailedGates, g => g.Gate == BiasGate.GateName);
        Assert.Contains("age", bias.Summary);
        Assert.Null(outcome.Version);
        Assert.Null(await _platform.Registry.GetModelAsync(CreditData.Tenant, "credit_biased", CancellationToken.None));

        // The run keeps the evidence: the failed report, as JSON and HTML, and the verdict.
        var run = await _platform.Tracking.GetRunAsync(CreditData.Tenant, outcome.RunId!, CancellationToken.None);
        Assert.Equal(RunStatus.Finished, run.Status);
        Assert.Equal("fail", run.Tags["gates.verdict"]);
        Assert.Contains(BiasGate.GateName, run.Tags["gates.failed"]);
        Assert.True(run.Artifacts.ContainsKey(RunArtifacts.GateReportHtml));
        var report = await ReportAsync(run);
        Assert.False(report.Passed);
        Assert.True(report.BlocksStage("Staging"));
        var fairness = Assert.Single(report.Result(BiasGate.GateName)!.Fairness!);
        Assert.True(fairness.DemographicParityDifference > 0.1, $"demographic parity difference {fairness.DemographicParityDifference}");

        var history = await _platform.ActivitiesAsync(instance);
        Assert.DoesNotContain(nameof(RegisterActivity), history);
        Assert.Equal(TrainingSteps.Done, (await _platform.Workflows.GetWorkflowStateAsync(instance))!.ReadCustomStatusAs<WorkflowProgress>()!.Step);
    }

    [Fact]
    public async Task A_fair_model_passes_every_gate_is_registered_with_its_card_and_is_deployed_when_a_second_identity_approves()
    {
        const string model = "credit_fair";
        var instance = await _platform.StartTrainingAsync(Specs.Credit(model), requestedBy: "alice");

        var waiting = await _platform.WaitForStepAsync(instance, TrainingSteps.AwaitingApproval);
        Assert.Equal(model, waiting.Model);
        Assert.Equal(1, waiting.Version);
        Assert.NotNull(waiting.RunId);
        Assert.NotNull(waiting.ApprovalDeadline);

        var staged = (await _platform.Registry.GetVersionAsync(CreditData.Tenant, model, 1, CancellationToken.None))!;
        Assert.Equal(ModelStage.Staging, staged.Stage);
        Assert.Equal("alice", staged.CreatedBy);
        Assert.Equal(waiting.RunId, staged.RunId);
        var run = await _platform.Tracking.GetRunAsync(CreditData.Tenant, staged.RunId!, CancellationToken.None);
        var report = await ReportAsync(run);
        Assert.True(report.Passed, string.Join("; ", report.Failures.Select(f => $"{f.Gate}: {f.Summary}")));
        var bias = report.Result(BiasGate.GateName)!;
        Assert.Equal(GateVerdict.Pass, bias.Verdict);
        Assert.All(report.Results, r => Assert.NotEqual(GateVerdict.Fail, r.Verdict));
        Assert.Equal(run.Artifacts[RunArtifacts.GateReportJson].Sha256, staged.Artifacts[ArtifactNames.GateReportJson].Sha256);
        Assert.Equal("requested", run.Tags[Approvals.StatusTag]);

        var card = ModelCard.FromJson(await _platform.Artifacts.ReadTextAsync(staged.Artifacts[ArtifactNames.ModelCardJson].Sha256));
        Assert.Equal("1", card.Version);
        Assert.Equal("risk-team@example.com", card.Owner);
        Assert.Equal(staged.Lineage.DatasetSnapshotHash, card.Lineage.DatasetHash);
        Assert.Contains(card.Features, f => f.Name == "age" && f.Description == "Age in whole years when applying");
        Assert.Equal(GateVerdict.Pass, card.GateVerdict);
        Assert.Contains("<svg", await _platform.Artifacts.ReadTextAsync(staged.Artifacts[ArtifactNames.ModelCardHtml].Sha256));

        await _platform.DecideAsync(instance, "bob", comment: "reviewed the gate report");
        var outcome = await _platform.OutcomeAsync(instance);

        Assert.Equal(TrainingStatus.Deployed, outcome.Status);
        Assert.Equal("bob", outcome.DecidedBy);
        Assert.Null(outcome.PreviousChampion);
        Assert.Equal(ModelStage.Production, (await _platform.Registry.GetVersionAsync(CreditData.Tenant, model, 1, CancellationToken.None))!.Stage);
        Assert.Equal(1, (await _platform.Registry.GetByAliasAsync(CreditData.Tenant, model, ModelAliases.Champion, CancellationToken.None))!.Version);
        var deployment = (await _platform.Registry.TransitionsAsync(CreditData.Tenant, model, 1, CancellationToken.None)).Last();
        Assert.Equal(("bob", ModelStage.Production), (deployment.Actor, deployment.To));
        Assert.Contains("reviewed the gate report", deployment.Reason);

        var announced = Assert.Single(ModelEvents.ReadDeployed(_platform.KafkaBootstrap, model, expected: 1));
        var data = ModelEvents.Data(announced);
        Assert.Equal(1, data.GetProperty("version").GetInt32());
        Assert.Equal(staged.ArtifactSha256, data.GetProperty("onnx_sha256").GetString());
        Assert.Equal("bob", data.GetProperty("deployed_by").GetString());
        Assert.Equal(CreditData.Tenant, data.GetProperty("tenant").GetString());

        Assert.Equal(
            new[]
            {
                nameof(BuildTrainingSetActivity), nameof(TrainActivity), nameof(EvaluateActivity), nameof(RunGatesActivity), nameof(RegisterActivity),
                nameof(RequestApprovalActivity), nameof(ReviewApprovalActivity), nameof(DeployActivity), nameof(PromoteActivity),
            },
            await _platform.ActivitiesAsync(instance));
        var steps = (await _platform.Workflows.GetHistoryAsync(instance))
            .Where(s => s.Kind == Keel.Workflows.Local.WorkflowStepKind.CustomStatusSet)
            .Select(s => System.Text.Json.JsonDocument.Parse(s.Data!).RootElement.GetProperty("step").GetString()!)
            .Distinct()
            .ToArray();
        Assert.Equal(
            new[]
            {
                TrainingSteps.BuildTrainingSet, TrainingSteps.Train, TrainingSteps.Evaluate, TrainingSteps.RunGates, TrainingSteps.Register,
                TrainingSteps.RequestApproval, TrainingSteps.AwaitingApproval, TrainingSteps.ReviewApproval, TrainingSteps.Deploy, TrainingSteps.Promote, TrainingSteps.Done,
            },
            steps);
    }

    private async Task<GateReport> ReportAsync(Run run) =>
        GateReport.FromJson(await _platform.Artifacts.ReadTextAsync(run.Artifacts[RunArtifacts.GateReportJson].Sha256));
}
