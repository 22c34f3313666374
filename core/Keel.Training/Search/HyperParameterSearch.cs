using Keel.Features.Offline;

namespace Keel.Training;

/// <summary>
/// Runs the spec's search: one full training per candidate on the same split and seed (so only
/// the hyper-parameters differ), reported through <c>onTrial</c> as each finishes — the caller
/// records them as child runs — and the best kept by the search's metric.
/// </summary>
public static class HyperParameterSearch
{
    public static Task<SearchResult> RunAsync(TrainingSet set, TrainingSpec spec, Action<Trial>? onTrial = null, CancellationToken ct = default) =>
        RunAsync(set, spec, datasetHash: null, onTrial, ct);

    /// <param name="datasetHash">The hash of the dataset file, carried into each trial's lineage.</param>
    public static async Task<SearchResult> RunAsync(TrainingSet set, TrainingSpec spec, string? datasetHash, Action<Trial>? onTrial = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(spec);
        TrainingSpecValidator.Validate(spec);
        var search = spec.Search ?? throw new ArgumentException("The spec has no search section; train it with ModelTrainer instead.");
        var higherIsBetter = TrainingMetrics.HigherIsBetter(search.Metric);
        var baseParameters = spec.HyperParameters.ToDictionary(
            p => HyperParameterCatalog.TryFind(spec.ModelType, p.Key, out var definition) ? definition.Name : p.Key,
            p => p.Value,
            StringComparer.Ordinal);

        var trials = new List<Trial>();
        Trial? best = null;
        TrainedModel? bestModel = null;
        foreach (var candidate in SearchCandidates.For(spec))
        {
            ct.ThrowIfCancellationRequested();
            var parameters = new Dictionary<string, HyperParameterValue>(baseParameters, StringComparer.Ordinal);
            foreach (var (name, value) in candidate)
            {
                parameters[name] = value;
            }
            var trialSpec = spec with { HyperParameters = parameters, Search = null };
            var model = await ModelTrainer.TrainAsync(set, trialSpec, datasetHash, ct).ConfigureAwait(false);
            var trial = new Trial(trials.Count + 1, candidate, trialSpec, model.HyperParameters, model.Metrics, model.OnnxParity, model.TrainingTime);
            trials.Add(trial);
            if (best is null || IsBetter(model.Metrics[search.Metric], best.Metrics[search.Metric], higherIsBetter))
            {
                best = trial;
                bestModel = model;
            }
            onTrial?.Invoke(trial);
        }
        if (best is null || bestModel is null)
        {
            throw new ArgumentException("The search has no candidates to try.");
        }
        return new SearchResult(search.Metric, higherIsBetter, trials, best, bestModel);
    }

    /// <summary>Strictly better, so the earliest trial wins a tie; NaN is never better.</summary>
    private static bool IsBetter(double candidate, double best, bool higherIsBetter) =>
        !double.IsNaN(candidate) && (double.IsNaN(best) || (higherIsBetter ? candidate > best : candidate < best));
}
