using System.Collections.Concurrent;
using Keel.Features.Registry;
using Keel.Lifecycle;
using Keel.ModelRegistry;
using Keel.Serving.Protocol;
using Keel.Storage.Artifacts;
using Keel.Training;

namespace Keel.Prediction;

/// <summary>
/// The profiles of the versions being served, read from the registry on first use and kept: a
/// version never changes, so the cache is only bounded, never invalidated.
/// </summary>
public sealed class ModelProfiles(IModelRegistry registry, IArtifactStore artifacts, IFeatureRegistry features)
{
    // Far more than a replica serves at once; beyond it the cache starts over rather than grow.
    private const int Capacity = 256;

    private readonly ConcurrentDictionary<(string Tenant, string Model, int Version), Task<ModelProfile>> _profiles = new();

    public async Task<ModelProfile> GetAsync(string tenant, string model, int version, CancellationToken cancellationToken)
    {
        var key = (tenant, model, version);
        if (_profiles.Count >= Capacity)
        {
            _profiles.Clear();
        }
        var profile = _profiles.GetOrAdd(key, k => ReadAsync(k.Tenant, k.Model, k.Version));
        try
        {
            return await profile.WaitAsync(cancellationToken);
        }
        catch when (profile.IsFaulted)
        {
            // A failed read (registry briefly unavailable) is not remembered.
            _profiles.TryRemove(new KeyValuePair<(string, string, int), Task<ModelProfile>>(key, profile));
            throw;
        }
    }

    private async Task<ModelProfile> ReadAsync(string tenant, string model, int version)
    {
        var cancellationToken = CancellationToken.None;
        var registered = await registry.GetVersionAsync(tenant, model, version, cancellationToken)
            ?? throw new ModelNotFoundException($"The model '{model}' has no version {version}.");
        var service = registered.Lineage.FeatureService
            ?? throw new InvalidPredictionRequestException(
                $"Version {version} of '{model}' records no feature service in its lineage, so it cannot read features; send its ONNX inputs to /v2/models/{model}/versions/{version}/infer instead.");
        TrainingSpec? spec = registered.Artifacts.TryGetValue(RunArtifacts.ModelSpec, out var specArtifact)
            ? TrainingSpecFile.Parse(await artifacts.ReadTextAsync(specArtifact.Sha256, cancellationToken), RunArtifacts.ModelSpec)
            : null;
        var task = spec?.Task ?? TrainingTask.Binary;
        var positive = spec?.PositiveClass;
        string? negative = null;
        if (task == TrainingTask.Binary && registered.Lineage.Label is { } label)
        {
            var snapshot = await features.SnapshotAsync(tenant, cancellationToken);
            var categories = snapshot.RepositoryOfService(service)?.Repository.Dataset.Column(label)?.Categories;
            if (categories is { Count: 2 } && positive is not null && categories.Contains(positive))
            {
                negative = categories.Single(c => c != positive);
            }
        }
        return new ModelProfile(tenant, model, version, service, task, positive, negative,
            registered.Artifacts.GetValueOrDefault(RunArtifacts.MlNetModel)?.Sha256,
            registered.Artifacts.GetValueOrDefault(RunArtifacts.DatasetManifest)?.Sha256);
    }
}
