namespace Keel.Gates;

/// <summary>
/// The rows the candidate (and the champion, when there is one) were scored on: the true labels
/// and each model's output for the same rows in the same order. Binary scores are probabilities
/// of the positive class; regression scores are the predictions themselves.
/// </summary>
public sealed class Holdout
{
    private Holdout(ModelTask task, IReadOnlyList<bool>? binaryLabels, IReadOnlyList<double>? regressionLabels,
        IReadOnlyList<double> scores, IReadOnlyList<double>? championScores)
    {
        Task = task;
        BinaryLabels = binaryLabels;
        RegressionLabels = regressionLabels;
        Scores = scores;
        ChampionScores = championScores;
    }

    public ModelTask Task { get; }

    /// <summary>The true classes of a binary holdout (true = the positive class); null for regression.</summary>
    public IReadOnlyList<bool>? BinaryLabels { get; }

    /// <summary>The true values of a regression holdout; null for binary.</summary>
    public IReadOnlyList<double>? RegressionLabels { get; }

    /// <summary>The candidate's output for every row.</summary>
    public IReadOnlyList<double> Scores { get; }

    /// <summary>The current champion's output for the same rows; null when there is no champion.</summary>
    public IReadOnlyList<double>? ChampionScores { get; }

    public int Rows => Scores.Count;

    public static Holdout Binary(IReadOnlyList<bool> labels, IReadOnlyList<double> scores, IReadOnlyList<double>? championScores = null)
    {
        ArgumentNullException.ThrowIfNull(labels);
        Check(labels.Count, scores, championScores);
        return new Holdout(ModelTask.Binary, labels, null, scores, championScores);
    }

    public static Holdout Regression(IReadOnlyList<double> labels, IReadOnlyList<double> predictions, IReadOnlyList<double>? championPredictions = null)
    {
        ArgumentNullException.ThrowIfNull(labels);
        Check(labels.Count, predictions, championPredictions);
        CheckFinite(labels, "labels");
        return new Holdout(ModelTask.Regression, null, labels, predictions, championPredictions);
    }

    /// <summary>The labels as numbers (1 and 0 for binary), for the metrics both tasks share.</summary>
    public double Label(int row) => BinaryLabels is { } binary ? (binary[row] ? 1 : 0) : RegressionLabels![row];

    private static void Check(int rows, IReadOnlyList<double> scores, IReadOnlyList<double>? championScores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (rows == 0)
        {
            throw new ArgumentException("holdout: no rows; gates need at least one scored row");
        }
        if (scores.Count != rows)
        {
            throw new ArgumentException($"holdout: {scores.Count} scores for {rows} labels");
        }
        if (championScores is not null && championScores.Count != rows)
        {
            throw new ArgumentException($"holdout: {championScores.Count} champion scores for {rows} labels; the champion must be scored on the same rows");
        }
        // A NaN score would make every metric silently wrong, so it is rejected where it enters.
        CheckFinite(scores, "scores");
        if (championScores is not null)
        {
            CheckFinite(championScores, "champion scores");
        }
    }

    private static void CheckFinite(IReadOnlyList<double> values, string what)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new ArgumentException($"holdout: {what} at row {i} is {values[i]}, not a finite number");
            }
        }
    }
}
