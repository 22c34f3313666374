namespace Keel.PredictionLog;

/// <summary>Whether predictions reach Kafka: directly, through the spool, or with losses.</summary>
public enum PredictionLogHealth
{
    /// <summary>Records go to Kafka as they come.</summary>
    Healthy,

    /// <summary>Kafka is slow or down; records wait in the on-disk spool and will be delivered.</summary>
    Spooling,

    /// <summary>Records were dropped (queue or spool full) since the spool was last empty: predictions are being lost.</summary>
    Overflowing,
}

/// <summary>A snapshot of the prediction log, for health endpoints and tests.</summary>
public sealed record PredictionLogStatus(
    PredictionLogHealth Health,
    int Queued,
    long SpooledRecords,
    long SpooledBytes,
    long Sent,
    long Failures,
    long Dropped);
