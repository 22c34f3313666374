using Keel.ModelRegistry;
using Keel.Storage.Artifacts;
using Keel.Tracking;
using Keel.Training;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace Keel.Lifecycle;

/// <summary>
/// Compares a candidate with the model's champion on the same rows: the champion's ONNX model scores
/// the candidate's holdout, rebuilt from the dataset snapshot, so the gates hold both to the same
/// labels. A champion that cannot score those rows is recorded with the reason and treated as absent.
/// </summary>
public sealed class Evaluation(IModelRegistry registry, ITrackingStore tracking, IArtifactStore artifacts, DatasetSnapshots datasets, ILogger<Evaluation> logger)
{
    public async Task<EvaluationResult> CompareWithChampionAsync(string tenant, string runId, CancellationToken cancellationToken)
    {
        var run = await tracking.GetRunAsync(tenant, runId, cancellationToken);
        if (run.Artifacts.TryGetValue(RunArtifacts.ChampionComparison, out var done))
        {
            // A retried step: the comparison was stored before the step's result was.
            var earlier = await artifacts.ReadJsonAsync<ChampionComparison>(done.Sha256, cancellationToken);
            return Result(run, run.Tags.GetValueOrDefault("model") ?? "", earlier, done.Sha256);
        }

        var bundle = await artifacts.ReadJsonAsync<EvaluationBundle>(run.ArtifactSha256(RunArtifacts.Evaluation), cancellationToken);
        var champion = await registry.GetByAliasAsync(tenant, bundle.Model, ModelAliases.Champion, cancellationToken);
        var comparison = champion is null
            ? new ChampionComparison(null, null, null, $"'{bundle.Model}' has no {ModelAliases.Champion}: non-inferiority is not evaluated")
            : await ScoreAsync(bundle, champion, cancellationToken);
        if (!comparison.Compared)
        {
            logger.LogInformation("Run {RunId} is not compared with a champion: {Reason}", runId, comparison.Reason);
        }

        var stored = await artifacts.PutJsonAsync(comparison, cancellationToken);
        await tracking.LogArtifactAsync(tenant, runId, RunArtifacts.ChampionComparison, stored, cancellationToken);
        return Result(run, bundle.Model, comparison, stored.Sha256);
    }

    private async Task<ChampionComparison> ScoreAsync(EvaluationBundle bundle, ModelVersion champion, CancellationToken cancellationToken)
    {
        var set = await datasets.LoadAsync(bundle.DatasetManifestSha256, cancellationToken);
        var holdout = bundle.HoldoutFrame(set.Frame);
        var onnx = await artifacts.ReadBytesAsync(champion.ArtifactSha256, cancellationToken);
        try
        {
            using var scorer = new OnnxScorer(onnx);
            var scores = scorer.Score(holdout).Select(s => (double)s).ToArray();
            var undefined = Array.FindIndex(scores, s => !double.IsFinite(s));
            return undefined >= 0
                ? new ChampionComparison(champion.Version, champion.ArtifactSha256, null,
                    $"champion version {champion.Version} scored holdout row {undefined} as {scores[undefined]}; it is not compared")
                : new ChampionComparison(champion.Version, champion.ArtifactSha256, scores, null);
        }
        catch (Exception error) when (error is ArgumentException or NotSupportedException or OnnxRuntimeException)
        {
            return new ChampionComparison(champion.Version, champion.ArtifactSha256, null,
                $"champion version {champion.Version} cannot score the candidate's holdout ({error.Message}); it is treated as no champion");
        }
    }

    private static EvaluationResult Result(Run run, string model, ChampionComparison comparison, string sha256) =>
        new(run.Id, model, comparison.Compared, comparison.ChampionVersion, comparison.Reason, sha256);
}
