using Keel.Serving.Deployments;
using Keel.Serving.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Keel.Serving;

public static class ServingServiceCollectionExtensions
{
    /// <summary>
    /// Registers the inference service: <see cref="ServingOptions"/> from <c>Keel:Serving</c>, the
    /// session factory, loader, <see cref="ModelHost"/>, metrics and the startup loading of the
    /// configured models, and <see cref="Deployments.FollowDeployments"/> for the host to consume
    /// <c>keel.models</c> with; the deployment plans (<see cref="DeploymentServiceCollectionExtensions.AddKeelDeployments"/>)
    /// and the <see cref="CanaryMonitor"/>, judging canaries by the <see cref="CanaryPolicy"/> of
    /// <c>Keel:Serving:Canary</c>. The model registry, artifact store and (optionally) the event
    /// publisher come from the host's composition.
    /// </summary>
    public static IServiceCollection AddKeelServing(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ServingOptions>().Bind(configuration.GetSection(ServingOptions.Section));
        services.TryAddSingleton(sp => new ServingMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddSingleton<SessionFactory>();
        services.TryAddSingleton<ModelLoader>();
        services.TryAddSingleton<ModelHost>();
        services.TryAddSingleton<Deployments.FollowDeployments>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ServingStartup>());

        // Traffic plans and canary analysis: the plans follow keel.models, the monitor judges each canary.
        services.AddKeelDeployments();
        services.AddOptions<CanaryPolicy>().Bind(configuration.GetSection(CanaryMonitorOptions.Section));
        services.AddOptions<CanaryMonitorOptions>().Bind(configuration.GetSection(CanaryMonitorOptions.Section));
        services.TryAddSingleton<DeploymentPlanUpdates>();
        services.TryAddSingleton<CanaryAnalyses>();
        services.TryAddSingleton<CanaryMonitor>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, CanaryMonitor>(sp => sp.GetRequiredService<CanaryMonitor>()));
        return services;
    }
}
