using Keel.Storage.Artifacts;
using Microsoft.Extensions.DependencyInjection;

namespace Keel.Retention;

/// <summary>
/// Replaces the registered <see cref="IArtifactStore"/> with a wrapper around it, keeping the
/// original registration under a private key so the container still builds and disposes it.
/// </summary>
internal static class ArtifactStoreDecoration
{
    private const string InnerKey = "keel.retention.hot";

    /// <returns>False when no artifact store is registered yet.</returns>
    public static bool Decorate(IServiceCollection services, Func<IServiceProvider, IArtifactStore, IArtifactStore> decorate)
    {
        if (services.Any(d => d.ServiceType == typeof(IArtifactStore) && d.IsKeyedService && Equals(d.ServiceKey, InnerKey)))
        {
            // Decorated already: a second call must not put a cold tier in front of a cold tier.
            return true;
        }
        var index = -1;
        for (var i = services.Count - 1; i >= 0 && index < 0; i--)
        {
            if (services[i].ServiceType == typeof(IArtifactStore) && !services[i].IsKeyedService)
            {
                index = i;
            }
        }
        if (index < 0)
        {
            return false;
        }
        var original = services[index];
        services.Add(original.ImplementationInstance is { } instance
            ? new ServiceDescriptor(typeof(IArtifactStore), InnerKey, instance)
            : original.ImplementationFactory is { } factory
                ? new ServiceDescriptor(typeof(IArtifactStore), InnerKey, (sp, _) => factory(sp), original.Lifetime)
                : new ServiceDescriptor(typeof(IArtifactStore), InnerKey, original.ImplementationType!, original.Lifetime));
        services[index] = new ServiceDescriptor(typeof(IArtifactStore),
            sp => decorate(sp, sp.GetRequiredKeyedService<IArtifactStore>(InnerKey)), original.Lifetime);
        return true;
    }
}
