using Keel.PredictionLog;

namespace Keel.Prediction;

/// <summary>
/// What a prediction answered: the score and label, the version and deployment variant that made
/// it, the features it was given with the versions of their views, and the attributions when asked.
/// <see cref="PredictionId"/> is the id of its <c>prediction.logged</c> event and the key feedback refers to.
/// </summary>
/// <param name="Label">The predicted class of a binary model (the positive class when the score is at least 0.5); null for regression.</param>
/// <param name="Logged">False when the prediction log refused the record (its bounded queue was full); the answer stands either way.</param>
public sealed record PredictionResult(
    string PredictionId,
    string Model,
    int Version,
    string Variant,
    string? Entity,
    double Score,
    string? Label,
    string? PositiveClass,
    IReadOnlyDictionary<string, object?> Features,
    IReadOnlyDictionary<string, string> FeatureViews,
    PredictionExplanation? Explanation,
    double LatencyMs,
    bool Logged);
