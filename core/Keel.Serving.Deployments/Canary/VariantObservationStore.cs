using System.Collections.Concurrent;

namespace Keel.Serving.Deployments;

/// <summary>
/// The observations of every variant being served, keyed by tenant, model, variant name and version,
/// so a new version under an old name starts from nothing.
/// </summary>
public sealed class VariantObservationStore
{
    private readonly ConcurrentDictionary<(string Tenant, string Model, string Variant, int Version), VariantObservations> observations = new();

    public VariantObservations For(string tenant, string model, DeploymentVariant variant) =>
        observations.GetOrAdd((tenant, model, variant.Name, variant.Version), static (key) => new VariantObservations(key.Tenant, key.Model, key.Variant, key.Version));

    public IReadOnlyList<VariantObservations> List(string tenant, string model) =>
        observations.Where(o => o.Key.Tenant == tenant && o.Key.Model == model).Select(o => o.Value).ToArray();

    /// <summary>Forgets a model's observations (after a promotion or rollback ends the comparison).</summary>
    public void Reset(string tenant, string model)
    {
        foreach (var key in observations.Keys.Where(k => k.Tenant == tenant && k.Model == model))
        {
            observations.TryRemove(key, out _);
        }
    }
}
