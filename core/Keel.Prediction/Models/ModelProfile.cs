using Keel.Training;

namespace Keel.Prediction;

/// <summary>
/// What predicting with a version needs beyond its ONNX file, read once from the registry: the
/// feature service it was trained on, its task and classes, and the artifacts an explainer is
/// built from. Versions are immutable, so a profile never goes stale.
/// </summary>
/// <param name="FeatureService">The feature service of its lineage: where entity features are read.</param>
/// <param name="PositiveClass">The class a binary model's score is the probability of.</param>
/// <param name="NegativeClass">The other class, when the dataset schema names exactly two; otherwise null.</param>
/// <param name="MlNetModelSha256">The ML.NET model, for explanations; null when the version has none.</param>
/// <param name="DatasetManifestSha256">The training set's manifest, whose rows are the explanations' background.</param>
public sealed record ModelProfile(
    string Tenant,
    string Model,
    int Version,
    string FeatureService,
    TrainingTask Task,
    string? PositiveClass,
    string? NegativeClass,
    string? MlNetModelSha256,
    string? DatasetManifestSha256)
{
    /// <summary>The label of a score: the positive class from 0.5 up, else the negative one; null for regression.</summary>
    public string? LabelOf(double score) => Task != TrainingTask.Binary ? null
        : score >= 0.5 ? PositiveClass
        : NegativeClass ?? (PositiveClass is null ? null : "not " + PositiveClass);
}
