using Microsoft.Extensions.Hosting;

namespace Keel.Kafka;

/// <summary>
/// Hosts a <see cref="KafkaEventConsumer"/>. Stopping the host stops it gracefully; if the host's
/// shutdown timeout runs out first, the batch in flight is abandoned uncommitted (redelivered later).
/// </summary>
public sealed class KafkaConsumerService(KafkaEventConsumer consumer) : BackgroundService
{
    private readonly CancellationTokenSource _abort = new();

    public KafkaEventConsumer Consumer => consumer;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => consumer.RunAsync(stoppingToken, _abort.Token);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // The host's token fires when it will wait no longer: that is the hard abort.
        await using var registration = cancellationToken.Register(_abort.Cancel);
        await base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _abort.Dispose();
        base.Dispose();
    }
}
