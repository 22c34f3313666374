using System.Diagnostics.Metrics;

namespace Keel.PredictionLog;

/// <summary>
/// The prediction log's OpenTelemetry instruments (meter <c>Keel.PredictionLog</c>); Prometheus sees
/// <c>keel_prediction_log_queued_total</c>, <c>keel_prediction_log_spooled_bytes</c> and so on.
/// Up-down counters rather than gauges, so several loggers in one process add up.
/// </summary>
public static class PredictionLogMetrics
{
    public const string MeterName = "Keel.PredictionLog";

    private static readonly Meter Meter = new(MeterName, typeof(PredictionLogMetrics).Assembly.GetName().Version?.ToString());

    public static Counter<long> Queued { get; } = Meter.CreateCounter<long>("keel.prediction_log.queued", "{record}", "Records accepted into the in-memory queue.");

    public static UpDownCounter<long> QueueDepth { get; } = Meter.CreateUpDownCounter<long>("keel.prediction_log.queue_depth", "{record}", "Records in memory waiting for the sender.");

    public static Counter<long> Spooled { get; } = Meter.CreateCounter<long>("keel.prediction_log.spooled", "{record}", "Records written to the on-disk spool because Kafka was slow or down.");

    public static UpDownCounter<long> SpooledBytes { get; } = Meter.CreateUpDownCounter<long>("keel.prediction_log.spooled_bytes", "By", "Disk used by the spool.");

    public static Counter<long> Sent { get; } = Meter.CreateCounter<long>("keel.prediction_log.sent", "{event}", "Events Kafka acknowledged.");

    public static Counter<long> Failures { get; } = Meter.CreateCounter<long>("keel.prediction_log.failures", "{publish}", "Publishes to Kafka that failed and will be retried from the spool.");

    public static Counter<long> Dropped { get; } = Meter.CreateCounter<long>("keel.prediction_log.dropped", "{record}", "Records lost, tagged with the reason (queue_full, spool_full, stopped, invalid, corrupt).");
}
