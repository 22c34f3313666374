using Keel.Gates.Bias;
using Keel.Gates.Latency;
using Keel.Gates.Parity;
using Keel.Gates.Performance;
using Keel.Gates.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Keel.Gates;

public static class GateServiceCollectionExtensions
{
    /// <summary>Registers the built-in gates and a <see cref="GateRunner"/> that runs every registered <see cref="IValidationGate"/>.</summary>
    public static IServiceCollection AddKeelGates(this IServiceCollection services)
    {
        services.AddValidationGate<PerformanceGate>();
        services.AddValidationGate<BiasGate>();
        services.AddValidationGate<SchemaGate>();
        services.AddValidationGate<OnnxParityGate>();
        services.AddValidationGate<LatencyGate>();
        services.TryAddSingleton<GateRunner>();
        return services;
    }

    /// <summary>Adds a gate of the application's own; the runner runs it after the ones registered before it.</summary>
    public static IServiceCollection AddValidationGate<TGate>(this IServiceCollection services)
        where TGate : class, IValidationGate
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidationGate, TGate>());
        return services;
    }
}
