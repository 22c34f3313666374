using Keel.Explain;
using Keel.Lifecycle;
using Keel.PredictionLog;
using Keel.Serving;
using Keel.Serving.Deployments;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Keel.Prediction;

public static class PredictionServiceCollectionExtensions
{
    /// <summary>
    /// Registers feature-store-backed prediction on top of the inference service, which the host
    /// registers first (<see cref="ServingServiceCollectionExtensions.AddKeelServing"/>): deployment plans and canary
    /// observations, the prediction log (<c>Keel:PredictionLog</c>), shadows (<c>Keel:Serving:Shadow</c>)
    /// and explanations. The feature registry, online store and model stores come from the host's composition.
    /// </summary>
    public static IServiceCollection AddKeelPrediction(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddKeelDeployments();
        services.AddOptions<ShadowDispatcherOptions>().Bind(configuration.GetSection("Keel:Serving:Shadow"));
        services.AddKeelPredictionLog(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DatasetSnapshots>();
        services.TryAddSingleton(sp => new PredictionMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddSingleton<ModelProfiles>();
        services.TryAddSingleton<PredictionFeatures>();
        services.TryAddSingleton<ExplainerCache>();
        services.TryAddSingleton<ShadowPredictions>();
        services.TryAddSingleton<PredictionService>();
        return services;
    }
}
