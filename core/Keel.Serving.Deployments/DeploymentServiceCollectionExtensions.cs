using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Keel.Serving.Deployments;

public static class DeploymentServiceCollectionExtensions
{
    /// <summary>
    /// Registers the plan store (in memory), the router, the observation store and the canary analyzer.
    /// A <see cref="ShadowDispatcher{TRequest, TResponse}"/> is registered by the host, which knows its
    /// request and response types and its sink. Options: bind <see cref="CanaryPolicy"/> and
    /// <see cref="ShadowDispatcherOptions"/> from <c>Keel:Serving:Canary</c> and <c>Keel:Serving:Shadow</c>.
    /// </summary>
    public static IServiceCollection AddKeelDeployments(this IServiceCollection services)
    {
        services.AddOptions<CanaryPolicy>();
        services.AddOptions<ShadowDispatcherOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IDeploymentPlanStore>(sp => new InMemoryDeploymentPlanStore(sp.GetService<TimeProvider>()));
        services.TryAddSingleton(_ => new TrafficRouter());
        services.TryAddSingleton<VariantObservationStore>();
        services.TryAddSingleton(sp => new CanaryAnalyzer(sp.GetService<IOptions<CanaryPolicy>>(), sp.GetService<TimeProvider>()));
        return services;
    }
}
