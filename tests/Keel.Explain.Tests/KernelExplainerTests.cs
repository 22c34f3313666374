using Keel.Training;
using Microsoft.ML.Trainers;

namespace Keel.Explain.Tests;

/// <summary>KernelSHAP, the fallback for models without trees: additivity, and exactness on linear models.</summary>
public sealed class KernelExplainerTests
{
    private static readonly DateTimeOffset AsOf = Synthetic.Start.AddDays(400);

    [Theory]
    [InlineData(TrainingTask.Binary)]
    [InlineData(TrainingTask.Regression)]
    public async Task On_a_linear_model_it_recovers_the_exact_linear_SHAP_values(TrainingTask task)
    {
        var set = task == TrainingTask.Binary ? Synthetic.Binary(1500) : Synthetic.Regression(1500);
        var model = await ModelTrainer.TrainAsync(set, Synthetic.Spec(ModelType.Sdca, task));
        var background = Enumerable.Range(0, 40).Select(r => (IReadOnlyDictionary<string, object?>)Synthetic.Row(set, r * 30)).ToArray();
        var explainer = Explainers.For(model, background, AsOf);
        var rows = Enumerable.Range(0, 20).Select(r => (IReadOnlyDictionary<string, object?>)Synthetic.Row(set, 1000 + r)).ToArray();

        var explanations = explainer.ExplainBatch(rows, AsOf);

        Assert.Equal(ExplanationMethods.KernelShap, explainer.Method);
        var exact = LinearShap(model, background, rows);
        for (var r = 0; r < rows.Length; r++)
        {
            var e = explanations[r];
            Assert.True(e.AdditivityError < 1e-5 * Math.Max(1, Math.Abs(e.RawScore)), $"additivity error {e.AdditivityError}");
            for (var f = 0; f < explainer.Features.Count; f++)
            {
                var tolerance = 1e-4 * Math.Max(1, Math.Abs(e.RawScore));
                Assert.True(Math.Abs(e.Contributions[f].Contribution - exact[r][f]) < tolerance,
                    $"row {r} {explainer.Features[f]}: KernelSHAP {e.Contributions[f].Contribution}, linear {exact[r][f]}");
            }
        }
    }

    [Fact]
    public async Task With_more_features_than_the_budget_enumerates_it_samples_and_still_adds_up()
    {
        // 13 features: 8,190 coalitions, more than a budget of 400 allows, so coalitions are sampled.
        var set = CreditSample.Set;
        var model = await ModelTrainer.TrainAsync(set, CreditSample.Spec(ModelType.Sdca));
        var background = Enumerable.Range(0, 30).Select(r => Row(set, r * 100)).ToArray();
        var explainer = Explainers.For(model, background, options: new ExplainerOptions { KernelSamples = 400 });
        var rows = Enumerable.Range(0, 5).Select(r => Row(set, 4000 + r)).ToArray();

        var explanations = explainer.ExplainBatch(rows);
        var again = explainer.ExplainBatch(rows);

        var exact = LinearShap(model, background, rows);
        for (var r = 0; r < rows.Length; r++)
        {
            Assert.True(explanations[r].AdditivityError < 1e-5 * Math.Max(1, Math.Abs(explanations[r].RawScore)));
            Assert.NotNull(explanations[r].Probability);
            // A linear model is additive, so even sampled coalitions give its exact values.
            for (var f = 0; f < 13; f++)
            {
                Assert.True(Math.Abs(explanations[r].Contributions[f].Contribution - exact[r][f]) < 1e-3, $"row {r} feature {f}");
            }
        }
        // A fixed seed: the same rows explain the same way.
        Assert.Equal(explanations.Select(e => e.Contributions.Sum(c => c.Contribution)), again.Select(e => e.Contributions.Sum(c => c.Contribution)));
    }

    private static IReadOnlyDictionary<string, object?> Row(Keel.Features.Offline.TrainingSet set, int row) =>
        set.Frame.Columns.Where(c => c.Name != "Status").ToDictionary(c => c.Name, c => c.Values[row]);

    /// <summary>
    /// The exact SHAP values of a linear model f = w·z + b over the encoded vector z, with
    /// independent features: per slot w_s (z_s(x) − mean z_s), summed over each feature's slots.
    /// </summary>
    private static double[][] LinearShap(TrainedModel model, IReadOnlyList<IReadOnlyDictionary<string, object?>> background, IReadOnlyList<IReadOnlyDictionary<string, object?>> rows)
    {
        var loaded = new LoadedModel(model.MlNetZipBytes);
        var weights = ((LinearModelParameters)loaded.Predictor).Weights.ToArray();
        var slots = loaded.SlotCount;
        var z = loaded.Encode(InputBatch.From(background, loaded.Inputs, AsOf));
        var mean = new double[slots];
        for (var s = 0; s < slots; s++)
        {
            mean[s] = Enumerable.Range(0, background.Count).Average(b => (double)z[(b * slots) + s]);
        }
        var x = loaded.Encode(InputBatch.From(rows, loaded.Inputs, AsOf));
        return Enumerable.Range(0, rows.Count).Select(r =>
        {
            var phi = new double[loaded.Inputs.Count];
            for (var s = 0; s < slots; s++)
            {
                phi[loaded.SlotInputs[s]] += weights[s] * (x[(r * slots) + s] - mean[s]);
            }
            return phi;
        }).ToArray();
    }
}
