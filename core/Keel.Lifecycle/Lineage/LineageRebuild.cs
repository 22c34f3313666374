using System.Globalization;
using Keel.ModelRegistry;
using Keel.Storage.Artifacts;
using Keel.Training;

namespace Keel.Lifecycle;

/// <summary>
/// Rebuilds a registered version from its lineage (<c>keel train --from-lineage</c>): the spec that
/// rebuilds the model and the dataset snapshot are loaded from the artifact store, checked against the
/// hashes the lineage recorded, and trained again in a new run; the new metrics are compared, exactly,
/// with the recorded ones. Same data, spec and seed give the same model, so every difference is a finding.
/// </summary>
public sealed class LineageRebuild(IModelRegistry registry, IArtifactStore artifacts, TrainingRuns runs)
{
    public async Task<LineageRebuildResult> RebuildAsync(string tenant, string model, int version, string actor, CancellationToken cancellationToken)
    {
        var registered = await registry.GetVersionAsync(tenant, model, version, cancellationToken)
            ?? throw new RegistryNotFoundException($"Model '{model}' has no version {version}.");
        var lineage = registered.Lineage;
        var spec = TrainingSpecFile.Parse(await artifacts.ReadTextAsync(Artifact(registered, RunArtifacts.ModelSpec), cancellationToken), RunArtifacts.ModelSpec);
        if (spec.Hash != lineage.TrainingSpecHash)
        {
            throw new InvalidDataException($"The spec attached to {model} version {version} hashes to {spec.Hash}, but its lineage records {lineage.TrainingSpecHash}.");
        }
        var manifestSha256 = Artifact(registered, RunArtifacts.DatasetManifest);
        var manifest = await artifacts.ReadJsonAsync<DatasetManifest>(manifestSha256, cancellationToken);
        if (manifest.DatasetSha256 != lineage.DatasetSnapshotHash)
        {
            throw new InvalidDataException($"The dataset attached to {model} version {version} is {manifest.DatasetSha256}, but its lineage records {lineage.DatasetSnapshotHash}.");
        }

        var rebuilt = await runs.TrainAsync(new TrainingRunRequest(tenant, spec, manifestSha256, actor)
        {
            Tags = new Dictionary<string, string>
            {
                ["rebuild_of"] = $"{model}/{version.ToString(CultureInfo.InvariantCulture)}",
                ["rebuild_of_run"] = registered.RunId ?? "",
            },
        }, cancellationToken);

        var differences = Differences(registered.Metrics, rebuilt.Metrics);
        var onnxIdentical = rebuilt.Artifacts.GetValueOrDefault(RunArtifacts.Onnx) == registered.ArtifactSha256;
        return new LineageRebuildResult(model, version, rebuilt.RunId, registered.Metrics, rebuilt.Metrics, differences.Count == 0, onnxIdentical, differences);
    }

    private static string Artifact(ModelVersion version, string name) =>
        version.Artifacts.TryGetValue(name, out var artifact)
            ? artifact.Sha256
            : throw new InvalidDataException($"{version.ModelName} version {version.Version} carries no '{name}'; it was not registered by the life cycle and cannot be rebuilt from its lineage.");

    /// <summary>Every metric that is missing on one side or differs at all: "the same" means bit for bit.</summary>
    private static List<string> Differences(IReadOnlyDictionary<string, double> recorded, IReadOnlyDictionary<string, double> rebuilt)
    {
        var differences = new List<string>();
        foreach (var name in recorded.Keys.Union(rebuilt.Keys).Order(StringComparer.Ordinal))
        {
            var hasRecorded = recorded.TryGetValue(name, out var before);
            var hasRebuilt = rebuilt.TryGetValue(name, out var after);
            if (!hasRecorded || !hasRebuilt)
            {
                differences.Add($"{name}: {(hasRecorded ? before.ToString("R", CultureInfo.InvariantCulture) : "absent")} recorded, {(hasRebuilt ? after.ToString("R", CultureInfo.InvariantCulture) : "absent")} rebuilt");
            }
            else if (before != after)
            {
                differences.Add($"{name}: {before.ToString("R", CultureInfo.InvariantCulture)} recorded, {after.ToString("R", CultureInfo.InvariantCulture)} rebuilt");
            }
        }
        return differences;
    }
}
