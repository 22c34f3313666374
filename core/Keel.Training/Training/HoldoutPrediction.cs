namespace Keel.Training;

/// <summary>
/// The trained model's prediction for one holdout row, with what the gates need beside it: the
/// row's place in the training set's frame, its key and time, the true label, and the values of
/// the protected attributes the frame holds.
/// </summary>
/// <param name="Row">The row's index in the training set's frame.</param>
/// <param name="Label">1 or 0 for binary (1 = the positive class); the true value for regression.</param>
/// <param name="Score">The raw score: the margin of a binary model, the prediction of a regression model.</param>
/// <param name="Probability">Binary: the calibrated probability of the positive class; null for regression.</param>
/// <param name="PredictedLabel">Binary: the predicted class at ML.NET's threshold; null for regression.</param>
public sealed record HoldoutPrediction(
    int Row,
    string EntityKey,
    DateTimeOffset Timestamp,
    double Label,
    double Score,
    double? Probability,
    bool? PredictedLabel,
    IReadOnlyDictionary<string, object?> ProtectedValues)
{
    /// <summary>What the model outputs for the row: the probability (binary) or the prediction (regression).</summary>
    public double Output => Probability ?? Score;
}
