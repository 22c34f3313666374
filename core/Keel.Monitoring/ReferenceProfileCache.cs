using System.Collections.Concurrent;
using Keel.Drift.Profiles;
using Keel.ModelRegistry;
using Keel.Storage.Artifacts;

namespace Keel.Monitoring;

/// <summary>
/// The stored reference profile of each version, read once from the registry and the artifact store
/// and kept: a version's artifacts never change. A version without one (registered before references
/// were built, or not registered at all) is remembered as having none. Bounded: past
/// <see cref="Capacity"/> versions the cache starts again empty.
/// </summary>
public sealed class ReferenceProfileCache(IModelRegistry registry, IArtifactStore artifacts)
{
    public const int Capacity = 4096;

    private readonly ConcurrentDictionary<VersionKey, DatasetProfile?> _profiles = new();

    public async Task<DatasetProfile?> GetAsync(VersionKey key, CancellationToken cancellationToken)
    {
        if (_profiles.TryGetValue(key, out var cached))
        {
            return cached;
        }
        var version = await registry.GetVersionAsync(key.Tenant, key.Model, key.Version, cancellationToken);
        DatasetProfile? profile = null;
        if (version?.Artifacts.TryGetValue(ArtifactNames.ReferenceProfile, out var artifact) == true)
        {
            await using var stream = await artifacts.OpenAsync(artifact.Sha256, cancellationToken);
            using var reader = new StreamReader(stream);
            profile = DatasetProfile.FromJson(await reader.ReadToEndAsync(cancellationToken));
        }
        if (_profiles.Count >= Capacity)
        {
            _profiles.Clear();
        }
        _profiles[key] = profile;
        return profile;
    }
}
