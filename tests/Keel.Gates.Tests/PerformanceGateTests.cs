using Keel.Gates.Performance;
using Keel.Gates.Settings;

namespace Keel.Gates.Tests;

public class PerformanceGateTests
{
    private static readonly PerformanceGate Gate = new();

    [Fact]
    public async Task A_good_model_passes_the_default_auc_minimum_and_non_inferiority_is_skipped_without_a_champion()
    {
        var data = SyntheticCredit.Create(3000, seed: 1, labelDependsOnAge: false);

        var result = await Gate.EvaluateAsync(data.Context(), CancellationToken.None);

        Assert.Equal(GateVerdict.Pass, result.Verdict);
        var auc = Assert.Single(result.Checks, c => c.Name == "auc");
        Assert.Equal(0.7, auc.Threshold);
        Assert.True(auc.Measured > 0.75);
        var nonInferiority = Assert.Single(result.Checks, c => c.Name == "non_inferiority");
        Assert.Equal(GateVerdict.Skipped, nonInferiority.Verdict);
        Assert.Contains("no champion", nonInferiority.Message);
        Assert.Contains("no champion", result.Summary);
        Assert.NotNull(result.Roc);
        Assert.Null(result.ChampionRoc);
    }

    [Fact]
    public async Task A_weak_model_fails_the_absolute_minimum_naming_the_metric()
    {
        var data = SyntheticCredit.Create(3000, seed: 2, labelDependsOnAge: false, signal: 0.15);

        var result = await Gate.EvaluateAsync(data.Context(), CancellationToken.None);

        Assert.Equal(GateVerdict.Fail, result.Verdict);
        Assert.StartsWith("AUC 0.", result.Summary);
        Assert.Contains("< 0.7 (minimum)", result.Summary);
    }

    [Fact]
    public async Task F1_and_accuracy_minimums_are_read_from_settings_written_as_text()
    {
        var data = SyntheticCredit.Create(3000, seed: 3, labelDependsOnAge: false);
        var settings = Spec.Of("performance", ("min_f1", "0.99"), ("min_accuracy", "0.5"), ("min_auc", null));

        var result = await Gate.EvaluateAsync(data.Context(settings), CancellationToken.None);

        Assert.Equal(GateVerdict.Fail, result.Verdict);
        Assert.DoesNotContain(result.Checks, c => c.Name == "auc");
        Assert.Equal(GateVerdict.Fail, result.Checks.Single(c => c.Name == "f1").Verdict);
        Assert.Equal(GateVerdict.Pass, result.Checks.Single(c => c.Name == "accuracy").Verdict);
    }

    [Fact]
    public async Task A_candidate_better_than_the_champion_is_non_inferior()
    {
        var data = SyntheticCredit.Create(3000, seed: 4, labelDependsOnAge: false, withChampion: true);

        var result = await Gate.EvaluateAsync(data.Context(), CancellationToken.None);

        Assert.Equal(GateVerdict.Pass, result.Verdict);
        var check = result.Checks.Single(c => c.Name == "non_inferiority");
        Assert.Equal(GateVerdict.Pass, check.Verdict);
        Assert.Equal(result.Measurements["champion_auc"] - 0.01, check.Threshold!.Value, 12);
        Assert.NotNull(result.ChampionRoc);
    }

    [Fact]
    public async Task A_candidate_worse_than_the_champion_by_more_than_the_margin_fails()
    {
        var data = SyntheticCredit.Create(3000, seed: 5, labelDependsOnAge: false, withChampion: true);
        // Swap the roles: the noisier scores become the candidate's.
        var swapped = Holdout.Binary(data.Holdout.BinaryLabels!, data.Holdout.ChampionScores!, data.Holdout.Scores);
        var context = data.Context() with { Holdout = swapped };

        var result = await Gate.EvaluateAsync(context, CancellationToken.None);

        Assert.Equal(GateVerdict.Fail, result.Verdict);
        Assert.Contains("AUC against the champion's", result.Summary);
        Assert.Equal(GateVerdict.Pass, result.Checks.Single(c => c.Name == "auc").Verdict);

        var generous = await Gate.EvaluateAsync(context with { Settings = Spec.Of("performance", ("champion_margin", 0.5)) }, CancellationToken.None);
        Assert.Equal(GateVerdict.Pass, generous.Verdict);
    }

    [Fact]
    public async Task Regression_uses_rmse_bounds_and_a_margin_relative_to_the_champion()
    {
        var random = new Random(6);
        var labels = Enumerable.Range(0, 1000).Select(_ => random.NextDouble() * 100).ToArray();
        var candidate = labels.Select(y => y + SyntheticCredit.Gaussian(random) * 2).ToArray();
        var champion = labels.Select(y => y + SyntheticCredit.Gaussian(random) * 3).ToArray();
        var context = new GateContext { ModelName = "m", ModelVersion = "1", Holdout = Holdout.Regression(labels, candidate, champion) };

        var passed = await Gate.EvaluateAsync(context with { Settings = Spec.Of("performance", ("max_rmse", 2.5)) }, CancellationToken.None);
        Assert.Equal(GateVerdict.Pass, passed.Verdict);
        Assert.Equal(GateVerdict.Pass, passed.Checks.Single(c => c.Name == "non_inferiority").Verdict);
        Assert.Null(passed.Roc);

        var failed = await Gate.EvaluateAsync(context with { Settings = Spec.Of("performance", ("max_rmse", 1.0)) }, CancellationToken.None);
        Assert.Equal(GateVerdict.Fail, failed.Verdict);
        Assert.Matches(@"^RMSE \d\.\d+ > 1 \(maximum\)$", failed.Summary);

        var worse = context with { Holdout = Holdout.Regression(labels, champion, candidate) };
        var inferior = await Gate.EvaluateAsync(worse, CancellationToken.None);
        var check = inferior.Checks.Single(c => c.Name == "non_inferiority");
        Assert.Equal(GateVerdict.Fail, check.Verdict);
        Assert.Equal(inferior.Measurements["champion_rmse"] * 1.01, check.Threshold!.Value, 9);
    }

    [Fact]
    public async Task Regression_without_bounds_or_champion_is_skipped()
    {
        var context = new GateContext { ModelName = "m", ModelVersion = "1", Holdout = Holdout.Regression([1, 2, 3], [1, 2, 4]) };

        var result = await Gate.EvaluateAsync(context, CancellationToken.None);

        Assert.Equal(GateVerdict.Skipped, result.Verdict);
        Assert.Contains("no absolute bounds", result.Summary);
    }

    [Fact]
    public async Task A_single_class_holdout_fails_because_auc_is_undefined()
    {
        var context = new GateContext { ModelName = "m", ModelVersion = "1", Holdout = Holdout.Binary([true, true, true], [0.9, 0.8, 0.7]) };

        var result = await Gate.EvaluateAsync(context, CancellationToken.None);

        Assert.Equal(GateVerdict.Fail, result.Verdict);
        Assert.Contains("only one class", result.Summary);
    }

    [Fact]
    public void Bad_settings_name_the_setting()
    {
        var error = Assert.Throws<GateSettingsException>(() => Gate.ValidateSettings(new GateSettings("performance", new Dictionary<string, object?> { ["min_auc"] = "high" })));
        Assert.Equal("gates.performance.min_auc: expected a number, got 'high'", error.Message);

        error = Assert.Throws<GateSettingsException>(() => Gate.ValidateSettings(new GateSettings("performance", new Dictionary<string, object?> { ["min_auc"] = 1.5 })));
        Assert.Contains("gates.performance.min_auc: 1.5 is out of range", error.Message);

        error = Assert.Throws<GateSettingsException>(() => Gate.ValidateSettings(new GateSettings("performance", new Dictionary<string, object?> { ["auc_min"] = 0.8 })));
        Assert.Contains("unknown setting 'auc_min'", error.Message);
        Assert.Contains("min_auc", error.Message);
    }

    [Fact]
    public async Task A_champion_metric_of_the_other_task_is_a_settings_error()
    {
        var data = SyntheticCredit.Create(200, seed: 7, labelDependsOnAge: false, withChampion: true);

        var error = await Assert.ThrowsAsync<GateSettingsException>(() =>
            Gate.EvaluateAsync(data.Context(Spec.Of("performance", ("champion_metric", "rmse"))), CancellationToken.None));
        Assert.Contains("gates.performance.champion_metric", error.Message);
    }
}
