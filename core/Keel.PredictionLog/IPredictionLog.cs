namespace Keel.PredictionLog;

/// <summary>
/// Where serving hands every prediction. Neither method waits for Kafka: a record is queued in
/// memory and shipped (or spooled to disk) in the background.
/// </summary>
public interface IPredictionLog
{
    /// <summary>Queues a record without waiting; false when the in-memory queue is full or the log is stopped (counted as dropped).</summary>
    bool TryLog(PredictionRecord record);

    /// <summary>Queues a record, waiting asynchronously (no thread blocked) while the in-memory queue is full; false once the log is stopped.</summary>
    ValueTask<bool> LogAsync(PredictionRecord record, CancellationToken cancellationToken = default);
}
