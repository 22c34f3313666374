using Keel.Gates.Metrics;

namespace Keel.Gates.Tests;

public class AucTests
{
    [Fact]
    public void Perfect_separation_is_one_and_reversed_is_zero()
    {
        bool[] labels = [false, false, true, true];
        Assert.Equal(1.0, Roc.Auc(labels, [0.1, 0.2, 0.8, 0.9]));
        Assert.Equal(0.0, Roc.Auc(labels, [0.9, 0.8, 0.2, 0.1]));
    }

    [Fact]
    public void All_scores_tied_is_one_half()
    {
        Assert.Equal(0.5, Roc.Auc([true, false, true, false, false], [0.4, 0.4, 0.4, 0.4, 0.4]));
    }

    [Fact]
    public void A_hand_computed_example_with_a_tie_between_classes()
    {
        // Positives 0.9, 0.7, 0.5; negatives 0.7, 0.3. Of the six pairs the positive ranks higher in
        // four, and one is tied (counts one half): 4.5 / 6.
        Assert.Equal(0.75, Roc.Auc([true, false, true, false, true], [0.9, 0.7, 0.7, 0.3, 0.5])!.Value, 12);
    }

    [Fact]
    public void Matches_counting_every_pair_on_random_scores_with_ties()
    {
        var random = new Random(11);
        var labels = Enumerable.Range(0, 400).Select(_ => random.NextDouble() < 0.3).ToArray();
        // Scores rounded to two decimals so that many tie.
        var scores = labels.Select(l => Math.Round(random.NextDouble() * 0.7 + (l ? 0.3 : 0), 2)).ToArray();
        double wins = 0, pairs = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            for (var j = 0; j < labels.Length; j++)
            {
                if (labels[i] && !labels[j])
                {
                    pairs++;
                    wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                }
            }
        }
        Assert.Equal(wins / pairs, Roc.Auc(labels, scores)!.Value, 12);
    }

    [Fact]
    public void Is_undefined_with_one_class()
    {
        Assert.Null(Roc.Auc([true, true], [0.1, 0.9]));
        Assert.Null(Roc.Curve([false, false], [0.1, 0.9]));
    }

    [Fact]
    public void The_curve_runs_from_origin_to_one_one_and_is_thinned_for_charts()
    {
        var random = new Random(5);
        var labels = Enumerable.Range(0, 5000).Select(_ => random.NextDouble() < 0.4).ToArray();
        var scores = labels.Select(l => random.NextDouble() + (l ? 0.4 : 0)).ToArray();
        var curve = Roc.Curve(labels, scores, maxPoints: 100)!;

        Assert.Equal(100, curve.Points.Count);
        Assert.Equal(new RocPoint(0, 0), curve.Points[0]);
        Assert.Equal(new RocPoint(1, 1), curve.Points[^1]);
        Assert.All(curve.Points.Zip(curve.Points.Skip(1)), p => Assert.True(p.Second.Fpr >= p.First.Fpr && p.Second.Tpr >= p.First.Tpr));
        Assert.Equal(Roc.Auc(labels, scores), curve.Auc);
    }

    [Fact]
    public void Confusion_matrix_gives_accuracy_precision_recall_and_f1_at_the_threshold()
    {
        // Scores ≥ 0.5 are positive: TP = 2 (0.9, 0.6), FP = 1 (0.5), FN = 1 (0.4), TN = 1 (0.1).
        var confusion = ConfusionMatrix.At([true, true, false, true, false], [0.9, 0.6, 0.5, 0.4, 0.1], 0.5);

        Assert.Equal(new ConfusionMatrix(2, 1, 1, 1), confusion);
        Assert.Equal(0.6, confusion.Accuracy, 12);
        Assert.Equal(2.0 / 3, confusion.Precision!.Value, 12);
        Assert.Equal(2.0 / 3, confusion.Recall!.Value, 12);
        Assert.Equal(2.0 / 3, confusion.F1!.Value, 12);
    }

    [Fact]
    public void Regression_errors_of_a_hand_computed_example()
    {
        double[] labels = [1, 2, 3, 4];
        double[] predictions = [2, 2, 3, 2];
        // Errors 1, 0, 0, −2: squared mean 5/4, absolute mean 3/4; SStot = 5, SSres = 5.
        Assert.Equal(Math.Sqrt(1.25), RegressionMetrics.Rmse(labels, predictions), 12);
        Assert.Equal(0.75, RegressionMetrics.Mae(labels, predictions), 12);
        Assert.Equal(0.0, RegressionMetrics.R2(labels, predictions)!.Value, 12);
        Assert.Null(RegressionMetrics.R2([3, 3], [1, 2]));
    }
}
