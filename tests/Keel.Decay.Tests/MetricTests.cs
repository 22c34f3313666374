using Keel.Decay.Metrics;

namespace Keel.Decay.Tests;

/// <summary>The metrics against values worked out by hand.</summary>
public class MetricTests
{
    private static LabelledScore P(double score) => new(score, true);
    private static LabelledScore N(double score) => new(score, false);

    // Five predictions at threshold 0.5: TP = 2 (0.9, 0.6), FP = 1 (0.8), FN = 1 (0.3), TN = 1 (0.2).
    private static readonly LabelledScore[] Five = [P(0.9), N(0.8), P(0.6), P(0.3), N(0.2)];

    [Fact]
    public void Auc_counts_a_tie_between_a_positive_and_a_negative_as_one_half()
    {
        // Pairs (positive, negative): (0.4, 0.1) 1, (0.4, 0.4) ½, (0.8, 0.1) 1, (0.8, 0.4) 1 → 3.5 / 4.
        Assert.Equal(0.875, RankAuc.Compute([N(0.1), P(0.4), N(0.4), P(0.8)])!.Value, 12);
    }

    [Fact]
    public void Auc_of_all_scores_tied_is_one_half_and_of_one_class_is_undefined()
    {
        Assert.Equal(0.5, RankAuc.Compute([P(0.3), N(0.3), P(0.3), N(0.3), N(0.3)])!.Value, 12);
        Assert.Null(RankAuc.Compute([P(0.3), P(0.9)]));
    }

    [Fact]
    public void Auc_of_five_is_five_of_six_pairs()
    {
        // Positives 0.9, 0.6, 0.3 against negatives 0.8, 0.2: 0.9 beats both, 0.6 beats 0.2, 0.3 beats 0.2 → 4 of 6.
        Assert.Equal(4.0 / 6, RankAuc.Compute(Five)!.Value, 12);
    }

    [Fact]
    public void Accuracy_precision_and_recall_read_scores_from_one_half_as_positive()
    {
        var metrics = LiveMetrics.Compute(Five);

        Assert.Equal(5, metrics.Count);
        Assert.Equal(0.6, metrics.Accuracy!.Value, 12);
        Assert.Equal(2.0 / 3, metrics.Precision!.Value, 12);
        Assert.Equal(2.0 / 3, metrics.Recall!.Value, 12);
        Assert.Equal(1.0, LiveMetrics.Compute([P(0.5)]).Precision);
    }

    [Fact]
    public void Precision_without_predicted_positives_and_recall_without_positives_are_undefined()
    {
        var metrics = LiveMetrics.Compute([N(0.1), N(0.2)]);

        Assert.Null(metrics.Precision);
        Assert.Null(metrics.Recall);
        Assert.Equal(1.0, metrics.Accuracy);
    }

    [Fact]
    public void Brier_is_the_mean_squared_error_of_the_probability()
    {
        // 0.01 + 0.64 + 0.16 + 0.49 + 0.04 = 1.34, over 5.
        Assert.Equal(0.268, Calibration.Brier(Five)!.Value, 12);
    }

    [Fact]
    public void Ece_weighs_each_bins_gap_between_positive_rate_and_mean_score()
    {
        // One prediction per bin: gaps 0.1, 0.8, 0.4, 0.7, 0.2, each weighing 1/5.
        Assert.Equal(0.44, Calibration.ExpectedCalibrationError(Five)!.Value, 12);
        // One bin of two: positive rate 0.5, mean score 0.165.
        Assert.Equal(0.335, Calibration.ExpectedCalibrationError([P(0.15), N(0.18)])!.Value, 12);
        // A score of exactly 1 falls in the last bin.
        Assert.Equal(0.0, Calibration.ExpectedCalibrationError([P(1.0)])!.Value, 12);
    }

    [Fact]
    public void Calibration_of_scores_that_are_not_probabilities_is_undefined()
    {
        Assert.Null(Calibration.Brier([P(2.5), N(-1)]));
        Assert.Null(Calibration.ExpectedCalibrationError([P(2.5), N(-1)]));
    }
}
