using Microsoft.Extensions.DependencyInjection;

namespace Keel.Governance;

/// <summary>
/// Wraps an already-registered service in a decorator. The original registration is kept, under a
/// private key, with its lifetime and its way of being built, so the container still builds and
/// disposes the inner service as it did (a PostgreSQL registry's connection pool included).
/// </summary>
internal static class ServiceDecoration
{
    /// <returns>False when the service is not registered in this host, so there is nothing to decorate.</returns>
    public static bool Decorate<TService>(IServiceCollection services, string innerKey, Func<IServiceProvider, TService, TService> decorate)
        where TService : class
    {
        if (services.Any(d => d.ServiceType == typeof(TService) && d.IsKeyedService && Equals(d.ServiceKey, innerKey)))
        {
            // Decorated already: a second call must not audit every change twice.
            return true;
        }
        var index = LastIndexOf(services, typeof(TService));
        if (index < 0)
        {
            return false;
        }
        var original = services[index];
        services.Add(Keyed(original, innerKey));
        services[index] = new ServiceDescriptor(typeof(TService),
            sp => decorate(sp, sp.GetRequiredKeyedService<TService>(innerKey)), original.Lifetime);
        return true;
    }

    // The last registration is the one the container resolves.
    private static int LastIndexOf(IServiceCollection services, Type serviceType)
    {
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == serviceType && !services[i].IsKeyedService)
            {
                return i;
            }
        }
        return -1;
    }

    private static ServiceDescriptor Keyed(ServiceDescriptor original, string key)
    {
        if (original.ImplementationInstance is { } instance)
        {
            return new ServiceDescriptor(original.ServiceType, key, instance);
        }
        if (original.ImplementationFactory is { } factory)
        {
            return new ServiceDescriptor(original.ServiceType, key, (sp, _) => factory(sp), original.Lifetime);
        }
        return new ServiceDescriptor(original.ServiceType, key, original.ImplementationType!, original.Lifetime);
    }
}
