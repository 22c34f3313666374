using System.Globalization;
using System.Text.Json;
using Keel.Features.Offline;
using Keel.Storage.Artifacts;
using Keel.Tracking;
using Keel.Training;
using Microsoft.Extensions.Logging;

namespace Keel.Lifecycle;

/// <summary>
/// Trains a spec on a dataset snapshot inside a tracking run. The run records the spec's identity,
/// the data's hash and every hyper-parameter used; a search records each trial as a child run and
/// keeps the best as the run's model. The run stores the ONNX and ML.NET models, both specs, the
/// dataset snapshot and the evaluation bundle as artifacts, so everything later steps and lineage
/// need is addressed from the run.
/// </summary>
public sealed class TrainingRuns(ITrackingStore tracking, IArtifactStore artifacts, DatasetSnapshots datasets, ILogger<TrainingRuns> logger)
{
    public async Task<TrainingRunResult> TrainAsync(TrainingRunRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var spec = request.Spec;
        var manifestBytes = await artifacts.ReadBytesAsync(request.DatasetManifestSha256, cancellationToken);
        var manifest = JsonSerializer.Deserialize<DatasetManifest>(manifestBytes, LifecycleJson.Options)
            ?? throw new InvalidDataException($"The artifact {request.DatasetManifestSha256} is not a dataset manifest.");
        var set = await datasets.LoadAsync(manifest, cancellationToken);

        var run = await tracking.StartRunAsync(request.Tenant, spec.Experiment, spec.Name, null,
            TrainingRunParameters.AtStart(spec, manifest), TrainingRunParameters.Tags(spec, request.Tags), request.Actor, cancellationToken);
        try
        {
            var (model, trials) = await TrainModelAsync(run, set, spec, manifest.DatasetSha256, cancellationToken);
            await tracking.LogParamsAsync(run.Tenant, run.Id, TrainingRunParameters.Trained(model), cancellationToken);
            await tracking.LogMetricsAsync(run.Tenant, run.Id, TrainingRunParameters.Metrics(model), null, cancellationToken);

            var stored = new Dictionary<string, ArtifactRef>(StringComparer.Ordinal)
            {
                [RunArtifacts.Onnx] = await artifacts.PutBytesAsync(model.OnnxBytes, MediaTypes.Onnx, cancellationToken),
                [RunArtifacts.MlNetModel] = await artifacts.PutBytesAsync(model.MlNetZipBytes, MediaTypes.Zip, cancellationToken),
                [RunArtifacts.TrainingSpec] = await artifacts.PutTextAsync(TrainingSpecFile.ToJson(spec), MediaTypes.Json, cancellationToken),
                [RunArtifacts.ModelSpec] = await artifacts.PutTextAsync(TrainingSpecFile.ToJson(model.Spec), MediaTypes.Json, cancellationToken),
                [RunArtifacts.Dataset] = new ArtifactRef(manifest.DatasetSha256, manifest.SizeBytes, MediaTypes.Parquet),
                [RunArtifacts.DatasetManifest] = new ArtifactRef(request.DatasetManifestSha256, manifestBytes.Length, MediaTypes.Json),
                [RunArtifacts.Evaluation] = await artifacts.PutJsonAsync(EvaluationBundle.Of(model, set, request.DatasetManifestSha256), cancellationToken),
            };
            foreach (var (name, artifact) in stored)
            {
                await tracking.LogArtifactAsync(run.Tenant, run.Id, name, artifact, cancellationToken);
            }
            if (request.EndWhenTrained)
            {
                await tracking.EndRunAsync(run.Tenant, run.Id, RunStatus.Finished, null, cancellationToken);
            }
            logger.LogInformation("Trained {Model} in run {RunId} on dataset {Dataset}: {Metrics}",
                spec.Name, run.Id, manifest.DatasetSha256, string.Join(", ", model.Metrics.Select(m => $"{m.Key}={m.Value:G6}")));
            return new TrainingRunResult(run.Id, spec.Experiment, spec.Name, model.SpecHash, manifest.DatasetSha256,
                TrainingRunParameters.Finite(model.Metrics), stored.ToDictionary(a => a.Key, a => a.Value.Sha256, StringComparer.Ordinal), trials);
        }
        catch (Exception error)
        {
            await RunEnding.FailQuietlyAsync(tracking, run, error, logger);
            throw;
        }
    }

    /// <summary>Trains the spec, or runs its search and records every trial as a child run of <paramref name="run"/>.</summary>
    private async Task<(TrainedModel Model, int Trials)> TrainModelAsync(Run run, TrainingSet set, TrainingSpec spec, string datasetSha256, CancellationToken cancellationToken)
    {
        if (spec.Search is null)
        {
            return (await ModelTrainer.TrainAsync(set, spec, datasetSha256, cancellationToken), 0);
        }
        // The search reports trials synchronously; they are recorded once it has finished, in the order they ran.
        var search = await HyperParameterSearch.RunAsync(set, spec, datasetSha256, onTrial: null, cancellationToken);
        foreach (var trial in search.Trials)
        {
            var parameters = trial.HyperParameters.ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
            parameters["model_spec_hash"] = trial.Spec.Hash;
            var tags = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["model"] = spec.Name,
                ["trial"] = trial.Number.ToString(CultureInfo.InvariantCulture),
                ["best"] = (trial.Number == search.Best.Number).ToString().ToLowerInvariant(),
            };
            var child = await tracking.StartRunAsync(run.Tenant, spec.Experiment, $"{spec.Name} trial {trial.Number}", run.Id, parameters, tags, run.CreatedBy, cancellationToken);
            await tracking.LogMetricsAsync(run.Tenant, child.Id, TrainingRunParameters.Finite(trial.Metrics), null, cancellationToken);
            await tracking.EndRunAsync(run.Tenant, child.Id, RunStatus.Finished, null, cancellationToken);
        }
        await tracking.LogParamsAsync(run.Tenant, run.Id, new Dictionary<string, string>
        {
            ["search.best_trial"] = search.Best.Number.ToString(CultureInfo.InvariantCulture),
        }, cancellationToken);
        return (search.BestModel, search.Trials.Count);
    }
}
