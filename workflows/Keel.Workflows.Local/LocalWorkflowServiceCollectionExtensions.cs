using Keel.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Keel.Workflows.Local;

public static class LocalWorkflowServiceCollectionExtensions
{
    /// <summary>
    /// Registers the local workflow runtime, its client and a hosted service that starts and stops
    /// it. May be called more than once (for example by each module registering its own workflows);
    /// the registrations add up.
    /// </summary>
    public static IServiceCollection AddKeelLocalWorkflows(this IServiceCollection services, Action<LocalWorkflowRuntimeOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<StorageOptions>();
        services.AddOptions<LocalWorkflowRuntimeOptions>().Configure(configure);
        services.TryAddSingleton<LocalWorkflowRuntime>();
        services.TryAddSingleton<LocalWorkflowClient>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, LocalWorkflowHostedService>());
        return services;
    }
}
