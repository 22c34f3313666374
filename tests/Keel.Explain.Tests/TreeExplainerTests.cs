using Keel.Training;

namespace Keel.Explain.Tests;

/// <summary>TreeSHAP on models Keel trains: additivity, the tree walk against ML.NET's own score, features by name.</summary>
public sealed class TreeExplainerTests
{
    private static readonly DateTimeOffset AsOf = Synthetic.Start.AddDays(400);

    [Theory]
    [InlineData(ModelType.LightGbm, TrainingTask.Binary)]
    [InlineData(ModelType.FastTree, TrainingTask.Binary)]
    [InlineData(ModelType.LightGbm, TrainingTask.Regression)]
    [InlineData(ModelType.FastTree, TrainingTask.Regression)]
    public async Task Contributions_add_up_to_the_raw_score_on_synthetic_data(ModelType type, TrainingTask task)
    {
        var set = task == TrainingTask.Binary ? Synthetic.Binary(1500) : Synthetic.Regression(1500);
        var model = await ModelTrainer.TrainAsync(set, Synthetic.Spec(type, task));
        var explainer = Explainers.For(model, set.Frame);
        var rows = Enumerable.Range(0, 300).Select(r => (IReadOnlyDictionary<string, object?>)Synthetic.Row(set, r)).Concat(Awkward(set)).ToArray();

        var explanations = explainer.ExplainBatch(rows, AsOf);

        Assert.Equal(ExplanationMethods.TreeShap, explainer.Method);
        Assert.Equal(["income", "debt", "region", "has_guarantor", "opened_at", "age", "gender"], explainer.Features);
        foreach (var e in explanations)
        {
            Assert.True(e.AdditivityError < 1e-5 * Math.Max(1, Math.Abs(e.RawScore)), $"additivity error {e.AdditivityError}");
            Assert.Equal(e.RawScore, e.ExpectedValue + e.Contributions.Sum(c => c.Contribution), 6);
            Assert.Equal(explainer.Features, e.Contributions.Select(c => c.Feature));
            Assert.Equal(task == TrainingTask.Binary, e.Probability is not null);
        }
        // The features that drive the label get weight; the row's values are carried through.
        Assert.True(explanations.Average(e => Math.Abs(e["debt"])) > 0);
        Assert.Equal(rows[0]["income"], explanations[0].Contributions[0].Value);
    }

    [Theory]
    [InlineData(ModelType.LightGbm)]
    [InlineData(ModelType.FastTree)]
    public async Task The_tree_walk_scores_and_calibrates_as_the_model_does(ModelType type)
    {
        var set = Synthetic.Binary(1500);
        var model = await ModelTrainer.TrainAsync(set, Synthetic.Spec(type));
        var explainer = (TreeExplainer)Explainers.For(model, set.Frame);
        IReadOnlyDictionary<string, object?>[] rows = [.. Enumerable.Range(0, 1500).Select(r => Synthetic.Row(set, r)), .. Awkward(set)];

        var batch = InputBatch.From(rows, explainer.Model.Inputs, AsOf);
        var scores = explainer.Model.Score(batch);
        var probabilities = new MlNetScorer(model.MlNetZipBytes).Score(rows, AsOf);
        var explanations = explainer.ExplainBatch(rows, AsOf);

        for (var r = 0; r < rows.Length; r++)
        {
            Assert.True(Math.Abs(explanations[r].RawScore - scores[r]) <= 1e-5 * Math.Max(1, Math.Abs(scores[r])), $"row {r}: walk {explanations[r].RawScore}, ML.NET {scores[r]}");
            Assert.True(Math.Abs(explanations[r].Probability!.Value - probabilities[r]) <= 1e-6, $"row {r}: {explanations[r].Probability}, ML.NET {probabilities[r]}");
        }
    }

    [Theory]
    [InlineData(ModelType.LightGbm)]
    [InlineData(ModelType.FastTree)]
    public async Task Rows_are_encoded_directly_exactly_as_the_model_transforms_encode_them(ModelType type)
    {
        var set = Synthetic.Binary(1200);
        var model = await ModelTrainer.TrainAsync(set, Synthetic.Spec(type));
        var explainer = (TreeExplainer)Explainers.For(model, set.Frame);
        IReadOnlyDictionary<string, object?>[] rows = [.. Enumerable.Range(0, 1200).Select(r => Synthetic.Row(set, r)), .. Awkward(set)];
        var batch = InputBatch.From(rows, explainer.Model.Inputs, AsOf);

        Assert.True(explainer.EncodesDirectly);
        Assert.Equal(explainer.Model.Encode(batch), explainer.Encode(batch));
    }

    [Theory]
    [InlineData(ModelType.LightGbm)]
    [InlineData(ModelType.FastTree)]
    public async Task Contributions_add_up_on_the_credit_sample(ModelType type)
    {
        var set = CreditSample.Set;
        var model = await ModelTrainer.TrainAsync(set, CreditSample.Spec(type));
        var explainer = Explainers.For(model, set.Frame);
        var rows = Enumerable.Range(0, set.Rows)
            .Select(r => (IReadOnlyDictionary<string, object?>)set.Frame.Columns.Where(c => c.Name != "Status").ToDictionary(c => c.Name, c => c.Values[r]))
            .ToArray();

        var explanations = explainer.ExplainBatch(rows);

        Assert.Equal(13, explainer.Features.Count);
        Assert.All(explanations, e => Assert.True(e.AdditivityError < 1e-5 * Math.Max(1, Math.Abs(e.RawScore)), $"additivity error {e.AdditivityError}"));
        // The background is the training set, so contributions average out to about nothing over it.
        var meanRaw = explanations.Average(e => e.RawScore);
        Assert.Equal(explainer.ExpectedValue, meanRaw, 6);
        // Known drivers of default in this data carry weight.
        Assert.True(explanations.Average(e => Math.Abs(e["Income"])) > 0.01);
    }

    [Fact]
    public async Task A_single_row_is_explained_like_the_same_row_in_a_batch()
    {
        var set = Synthetic.Binary(1000);
        var model = await ModelTrainer.TrainAsync(set, Synthetic.Spec());
        var explainer = Explainers.For(model, set.Frame);
        var row = Synthetic.Row(set, 3);

        var single = explainer.Explain(row, AsOf);
        var batched = explainer.ExplainBatch([Synthetic.Row(set, 0), row], AsOf)[1];

        Assert.Equal(batched.Contributions.Select(c => c.Contribution), single.Contributions.Select(c => c.Contribution));
        Assert.Equal(batched.RawScore, single.RawScore);
    }

    [Fact]
    public async Task Bad_rows_are_rejected_with_the_feature_named()
    {
        var set = Synthetic.Binary(1000);
        var model = await ModelTrainer.TrainAsync(set, Synthetic.Spec());
        var explainer = Explainers.For(model, set.Frame);
        var row = Synthetic.Row(set, 1);
        row.Remove("income");

        Assert.Contains("'income'", Assert.Throws<ArgumentException>(() => explainer.Explain(row, AsOf)).Message);
        var withTimestamp = new Dictionary<string, object?>(Synthetic.Row(set, 1)) { ["opened_at"] = AsOf.AddDays(-3) };
        Assert.Contains("'opened_at'", Assert.Throws<ArgumentException>(() => explainer.Explain(withTimestamp)).Message);
    }

    /// <summary>Rows with every value missing, unseen and empty categories.</summary>
    private static IReadOnlyDictionary<string, object?>[] Awkward(Keel.Features.Offline.TrainingSet set)
    {
        var known = Synthetic.Row(set, 5);
        return
        [
            known.ToDictionary(p => p.Key, _ => (object?)null),
            new Dictionary<string, object?>(known) { ["region"] = "atlantis", ["gender"] = "x" },
            new Dictionary<string, object?>(known) { ["region"] = "", ["income"] = double.NaN },
            new Dictionary<string, object?>(known) { ["debt"] = 10_000_000L, ["opened_at"] = null },
        ];
    }
}
