using Keel.Kafka;
using Keel.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Keel.PredictionLog;

public static class PredictionLogServiceCollectionExtensions
{
    /// <summary>
    /// Registers the prediction log: options from <c>Keel:PredictionLog</c>, the spool under
    /// <c>Keel:DataDir</c>, the Kafka transport (<see cref="KafkaServiceCollectionExtensions.AddKeelKafka"/>)
    /// and <see cref="PredictionLogger"/> as <see cref="IPredictionLog"/> and as a hosted service.
    /// </summary>
    public static IServiceCollection AddKeelPredictionLog(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddKeelKafka(configuration);
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section));
        services.AddOptions<PredictionLogOptions>().Bind(configuration.GetSection(PredictionLogOptions.Section));
        services.TryAddSingleton<PredictionLogger>();
        services.TryAddSingleton<IPredictionLog>(sp => sp.GetRequiredService<PredictionLogger>());
        services.AddHostedService(sp => sp.GetRequiredService<PredictionLogger>());
        return services;
    }
}
