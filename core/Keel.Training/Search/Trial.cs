namespace Keel.Training;

/// <summary>
/// One candidate of a hyper-parameter search, trained and evaluated: what the tracking store
/// records as a child run. <see cref="Spec"/> is the spec that rebuilds exactly this candidate.
/// </summary>
/// <param name="Number">1-based, in the order trials ran.</param>
/// <param name="Candidate">The searched hyper-parameters' values for this trial.</param>
/// <param name="Spec">The parent spec with the candidate's values and without the search section.</param>
/// <param name="HyperParameters">Every hyper-parameter the trainer ran with, defaults included.</param>
public sealed record Trial(
    int Number,
    IReadOnlyDictionary<string, HyperParameterValue> Candidate,
    TrainingSpec Spec,
    IReadOnlyDictionary<string, HyperParameterValue> HyperParameters,
    IReadOnlyDictionary<string, double> Metrics,
    OnnxParityResult OnnxParity,
    TimeSpan TrainingTime);

/// <summary>
/// A finished search: every trial, the best by the named metric (the earliest on a tie) and its
/// trained model. Only the best model is kept, so a long search does not hold every model in memory.
/// </summary>
public sealed record SearchResult(string Metric, bool HigherIsBetter, IReadOnlyList<Trial> Trials, Trial Best, TrainedModel BestModel);
