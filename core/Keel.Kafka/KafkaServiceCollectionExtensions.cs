using Keel.Events;
using Keel.Events.Messaging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Keel.Kafka;

public static class KafkaServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Kafka transport: options from <c>Keel:Kafka</c>, the connection (a configured
    /// cluster or the embedded one), and the idempotent publisher as <see cref="IEventPublisher"/>.
    /// </summary>
    public static IServiceCollection AddKeelKafka(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<KafkaOptions>().Bind(configuration.GetSection(KafkaOptions.SectionName));
        services.TryAddSingleton<KafkaConnection>();
        services.TryAddSingleton<KafkaEventPublisher>();
        services.TryAddSingleton<IEventPublisher>(sp => sp.GetRequiredService<KafkaEventPublisher>());
        return services;
    }

    /// <summary>
    /// Runs a handler over a topic as a hosted consumer loop, in group <c>keel-{handler.Name}</c>
    /// unless <paramref name="groupId"/> is given. The handler is built once from the container.
    /// </summary>
    public static IServiceCollection AddKeelKafkaConsumer(
        this IServiceCollection services,
        string topic,
        Func<IServiceProvider, IEventBatchHandler> handler,
        string? groupId = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        ArgumentNullException.ThrowIfNull(handler);
        // Registered as IHostedService directly: AddHostedService would keep only one service of this type.
        services.AddSingleton<IHostedService>(sp => new KafkaConsumerService(new KafkaEventConsumer(
            sp.GetRequiredService<KafkaConnection>(),
            sp.GetRequiredService<IEventPublisher>(),
            handler(sp),
            topic,
            groupId,
            logger: sp.GetService<ILogger<KafkaEventConsumer>>(),
            codec: sp.GetService<CloudEventCodec>())));
        return services;
    }

    /// <summary>Runs a handler type resolved (or constructed) from the container over a topic.</summary>
    public static IServiceCollection AddKeelKafkaConsumer<THandler>(this IServiceCollection services, string topic, string? groupId = null)
        where THandler : class, IEventBatchHandler =>
        services.AddKeelKafkaConsumer(topic, sp => sp.GetService<THandler>() ?? ActivatorUtilities.CreateInstance<THandler>(sp), groupId);
}
