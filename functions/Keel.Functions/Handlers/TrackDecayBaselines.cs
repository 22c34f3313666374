using System.Collections.Concurrent;
using Keel.Decay.Tracking;
using Keel.Lifecycle;
using Keel.ModelRegistry;
using Keel.Storage.Artifacts;
using Keel.Training;

namespace Keel.Functions.Handlers;

/// <summary>
/// A version's decay baseline from the registry: the holdout metrics it was registered with and
/// the positive class of its training spec (<c>model-spec.json</c>). Versions never change, so
/// what was found is kept (bounded); a version not found yet is asked for again next time.
/// </summary>
public sealed class TrackDecayBaselines(IModelRegistry registry, IArtifactStore artifacts) : IDecayBaselines
{
    private const int Capacity = 1024;

    private readonly ConcurrentDictionary<(string, string, int), DecayBaseline> _found = new();

    public async Task<DecayBaseline?> GetAsync(string tenant, string model, int version, CancellationToken cancellationToken)
    {
        if (_found.TryGetValue((tenant, model, version), out var known))
        {
            return known;
        }
        var registered = await registry.GetVersionAsync(tenant, model, version, cancellationToken);
        if (registered is null)
        {
            return null;
        }
        string? positiveClass = null;
        if (registered.Artifacts.TryGetValue(RunArtifacts.ModelSpec, out var spec))
        {
            var text = await artifacts.ReadTextAsync(spec.Sha256, cancellationToken);
            positiveClass = TrainingSpecFile.Parse(text, RunArtifacts.ModelSpec).PositiveClass;
        }
        var baseline = new DecayBaseline(registered.Metrics, positiveClass);
        if (_found.Count >= Capacity)
        {
            _found.Clear();
        }
        _found[(tenant, model, version)] = baseline;
        return baseline;
    }
}
