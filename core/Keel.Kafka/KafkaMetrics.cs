using System.Diagnostics.Metrics;

namespace Keel.Kafka;

/// <summary>
/// The transport's OpenTelemetry instruments (meter <c>Keel.Kafka</c>); Prometheus sees them as
/// <c>keel_kafka_events_handled_total</c>, <c>keel_kafka_dead_lettered_total</c> and so on.
/// </summary>
public static class KafkaMetrics
{
    public const string MeterName = "Keel.Kafka";

    private static readonly Meter Meter = new(MeterName, typeof(KafkaMetrics).Assembly.GetName().Version?.ToString());

    public static Counter<long> EventsHandled { get; } = Meter.CreateCounter<long>("keel.kafka.events.handled", "{event}", "Events a handler accepted, each delivery counted.");

    public static Counter<long> DeadLettered { get; } = Meter.CreateCounter<long>("keel.kafka.dead_lettered", "{event}", "Messages sent to a dead-letter topic.");

    public static Counter<long> Retries { get; } = Meter.CreateCounter<long>("keel.kafka.retries", "{attempt}", "Handler attempts repeated after a failure.");

    public static Counter<long> Batches { get; } = Meter.CreateCounter<long>("keel.kafka.batches", "{batch}", "Batches handled and committed.");

    public static ObservableGauge<long> ConsumerLagGauge { get; } = Meter.CreateObservableGauge("keel.kafka.consumer.lag", ConsumerLag.Observe, "{message}", "Messages of a partition the consumer group has not committed yet, as its consumer last measured.");

    public static Counter<long> CommitFailures { get; } = Meter.CreateCounter<long>("keel.kafka.commit_failures", "{commit}", "Offset commits the group refused; their events are redelivered.");
}
