namespace Keel.Lifecycle;

/// <summary>
/// A training run, in a form small enough to pass between workflow steps: the run, the model it
/// trained, the spec that rebuilds it, its holdout metrics and the addresses of what it stored.
/// </summary>
/// <param name="SpecHash">The hash of the spec that rebuilds exactly this model (the best trial's when it searched).</param>
/// <param name="Metrics">The holdout metrics that are finite numbers.</param>
/// <param name="Artifacts">Artifact name (<see cref="RunArtifacts"/>) → SHA-256.</param>
/// <param name="Trials">Trials of the search recorded as child runs; 0 without a search.</param>
public sealed record TrainingRunResult(
    string RunId,
    string Experiment,
    string Model,
    string SpecHash,
    string DatasetSha256,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyDictionary<string, string> Artifacts,
    int Trials);
