using Keel.Audit;
using Keel.Explain;
using Keel.Features.Offline;
using Keel.PredictionLog;
using Keel.Training;

namespace Keel.Governance.Tests;

/// <summary>
/// The one answer for a prediction id, on a tree model trained in the test, registered, approved and
/// deployed as the life cycle does it: the prediction, the version's gates, its requester and approver,
/// its training data hash, and an exact TreeSHAP explanation of the very prediction.
/// </summary>
public sealed class PredictionGovernanceTests : IDisposable
{
    private static readonly DateTimeOffset AsOf = Synthetic.Start.AddDays(400).AddTicks(3_217);
    private static readonly TrainingSet BinarySet = Synthetic.Binary(1200);
    private static readonly TrainingSet RegressionSet = Synthetic.Regression(1200);
    private static readonly Lazy<Task<TrainedModel>> Binary = new(() => ModelTrainer.TrainAsync(BinarySet, Synthetic.Spec()));
    private static readonly Lazy<Task<TrainedModel>> Regression = new(() => ModelTrainer.TrainAsync(RegressionSet, Synthetic.Spec(ModelType.LightGbm, TrainingTask.Regression) with { Name = "loan_amount" }));

    private readonly GovernanceBed _bed = new();
    private readonly CancellationToken _ct = CancellationToken.None;

    /// <summary>Serves row <paramref name="row"/> of the set as serving logs it, scored by the model itself.</summary>
    private async Task<PredictionRecord> PredictAsync(TrainedModel model, TrainingSet set, int version, int row, string id)
    {
        var features = Synthetic.Row(set, row);
        var score = new MlNetScorer(model.MlNetZipBytes).Score([features], AsOf)[0];
        var record = LoggedEvents.Record(GovernanceBed.Tenant, id, model.Spec.Name, version, features, score, AsOf);
        await _bed.Indexer.HandleAsync([LoggedEvents.Of(record)], _ct);
        return record;
    }

    [Fact]
    public async Task The_answer_for_a_binary_tree_model_explains_the_prediction_exactly_and_names_requester_approver_and_data()
    {
        var model = await Binary.Value;
        var version = await _bed.DeployAsync(BinarySet, model);
        var prediction = await PredictAsync(model, BinarySet, version.Version, row: 17, "p-binary");

        var answer = await _bed.Governance.AnswerAsync(GovernanceBed.Tenant, "p-binary", _ct);

        Assert.NotNull(answer);
        Assert.Empty(answer.Problems);
        Assert.Equal((model.Spec.Name, version.Version, AsOf), (answer.Prediction.Model, answer.Prediction.Version, answer.Prediction.Time));
        Assert.Equal(prediction.Output.Score, answer.Prediction.Score);
        AssertExplains(answer.Explanation!, prediction);
        Assert.Equal(["income", "debt", "region", "has_guarantor", "opened_at", "age", "gender"], answer.Explanation!.Contributions.Select(c => c.Feature));
        Assert.Contains(answer.Explanation.Contributions, c => Math.Abs(c.Contribution) > 1e-3);

        Assert.Equal(version.Lineage.DatasetSnapshotHash, answer.Version!.TrainingDataHash);
        var snapshot = await _bed.Datasets.ReadManifestAsync(version.Artifacts[Keel.Lifecycle.RunArtifacts.DatasetManifest].Sha256, _ct);
        Assert.Equal(snapshot.DatasetSha256, answer.Version.TrainingDataHash);

        var approval = answer.Approval!;
        Assert.Equal(("approved", GovernanceBed.Requester, GovernanceBed.Approver, GovernanceBed.Approver, "fair and accurate"),
            (approval.Status, approval.RequestedBy, approval.ApprovedBy, approval.DeployedBy, approval.Comment));
        Assert.Single(approval.Refused);
        Assert.Contains("approved by: audit log", approval.Sources);

        Assert.Equal("pass", answer.Gates!.Verdict);
        Assert.Equal(["performance:pass", "bias:pass", "latency:skipped"], answer.Gates.Gates.Select(g => $"{g.Gate}:{g.Verdict}"));
        Assert.Contains(answer.Audit, e => e.Action == AuditActions.ApprovalGranted && e.Actor == GovernanceBed.Approver);
        Assert.Contains(answer.Audit, e => e.Action == AuditActions.GateEvaluated);
        Assert.Contains(answer.Audit, e => e.Action == AuditActions.ModelStageChanged && e.Details.GetProperty("to").GetString() == "Production");
    }

    [Fact]
    public async Task Every_prediction_is_explained_as_of_its_own_time_from_the_values_it_logged()
    {
        var model = await Binary.Value;
        var version = await _bed.DeployAsync(BinarySet, model);
        for (var row = 0; row < 40; row++)
        {
            var prediction = await PredictAsync(model, BinarySet, version.Version, row, $"p-{row}");

            var answer = (await _bed.Governance.AnswerAsync(GovernanceBed.Tenant, prediction.PredictionId, _ct))!;

            Assert.Empty(answer.Problems);
            AssertExplains(answer.Explanation!, prediction);
        }
    }

    /// <summary>Exact additivity, and a raw score that, calibrated, is the probability the model served.</summary>
    private static void AssertExplains(ExplanationFacts explanation, PredictionRecord prediction)
    {
        Assert.Equal((ExplanationSources.Computed, ExplanationMethods.TreeShap), (explanation.Source, explanation.Method));
        var sum = explanation.ExpectedValue + explanation.Contributions.Sum(c => c.Contribution);
        Assert.True(Math.Abs(sum - explanation.RawScore) <= 1e-5, $"{prediction.PredictionId}: {sum} ≠ raw score {explanation.RawScore}");
        Assert.True(Math.Abs(explanation.Probability!.Value - prediction.Output.Score) <= 1e-6,
            $"{prediction.PredictionId}: explained probability {explanation.Probability} vs served {prediction.Output.Score}");
    }

    [Fact]
    public async Task The_answer_for_a_regression_tree_model_adds_up_to_the_models_own_score()
    {
        var model = await Regression.Value;
        var version = await _bed.DeployAsync(RegressionSet, model);
        var prediction = await PredictAsync(model, RegressionSet, version.Version, row: 5, "p-regression");

        var explanation = (await _bed.Governance.AnswerAsync(GovernanceBed.Tenant, "p-regression", _ct))!.Explanation!;

        Assert.Equal(ExplanationMethods.TreeShap, explanation.Method);
        Assert.Null(explanation.Probability);
        var sum = explanation.ExpectedValue + explanation.Contributions.Sum(c => c.Contribution);
        Assert.True(Math.Abs(sum - explanation.RawScore) <= 1e-5, $"{sum} ≠ {explanation.RawScore}");
        Assert.True(Math.Abs(explanation.RawScore - prediction.Output.Score) <= 1e-5 * Math.Max(1, Math.Abs(prediction.Output.Score)),
            $"raw score {explanation.RawScore} vs the model's {prediction.Output.Score}");
    }

    [Fact]
    public async Task An_explanation_logged_at_prediction_time_is_the_one_answered()
    {
        var model = await Binary.Value;
        var version = await _bed.DeployAsync(BinarySet, model);
        var logged = new PredictionExplanation(-0.4, [new Keel.PredictionLog.FeatureContribution("income", 30_000.0, 0.25)], "tree_shap");
        var record = LoggedEvents.Record(GovernanceBed.Tenant, "p-logged", model.Spec.Name, version.Version, Synthetic.Row(BinarySet, 3), 0.5, AsOf) with { Explanation = logged };
        await _bed.Indexer.HandleAsync([LoggedEvents.Of(record)], _ct);

        var explanation = (await _bed.Governance.AnswerAsync(GovernanceBed.Tenant, "p-logged", _ct))!.Explanation!;

        Assert.Equal((ExplanationSources.Logged, -0.4, -0.15), (explanation.Source, explanation.ExpectedValue, Math.Round(explanation.RawScore, 12)));
        Assert.Equal([("income", 0.25)], explanation.Contributions.Select(c => (c.Feature, c.Contribution)));
    }

    [Fact]
    public async Task Another_tenants_prediction_is_not_found()
    {
        var model = await Binary.Value;
        var version = await _bed.DeployAsync(BinarySet, model);
        await PredictAsync(model, BinarySet, version.Version, row: 1, "p-acme");

        Assert.Null(await _bed.Governance.AnswerAsync("globex", "p-acme", _ct));
        Assert.Null(await _bed.Governance.AnswerAsync(GovernanceBed.Tenant, "p-nobody", _ct));
        Assert.NotNull(await _bed.Governance.AnswerAsync(GovernanceBed.Tenant, "p-acme", _ct));
    }

    [Fact]
    public async Task The_answer_renders_as_json_and_as_a_self_contained_page()
    {
        var model = await Binary.Value;
        var version = await _bed.DeployAsync(BinarySet, model);
        await PredictAsync(model, BinarySet, version.Version, row: 2, "p-<page>");
        var answer = (await _bed.Governance.AnswerAsync(GovernanceBed.Tenant, "p-<page>", _ct))!;

        var json = System.Text.Json.JsonDocument.Parse(GovernanceAnswerJson.Serialize(answer)).RootElement;
        Assert.Equal(version.Lineage.DatasetSnapshotHash, json.GetProperty("version").GetProperty("trainingDataHash").GetString());
        Assert.Equal(GovernanceBed.Approver, json.GetProperty("approval").GetProperty("approvedBy").GetString());
        Assert.Equal(7, json.GetProperty("explanation").GetProperty("contributions").GetArrayLength());

        var html = GovernanceAnswerHtml.Render(answer);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("p-&lt;page&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("p-<page>", html, StringComparison.Ordinal);
        Assert.Contains(version.Lineage.DatasetSnapshotHash, html, StringComparison.Ordinal);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Contains(">bob<", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    public void Dispose() => _bed.Dispose();
}
