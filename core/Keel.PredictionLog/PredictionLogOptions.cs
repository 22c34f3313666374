using Keel.Events;

namespace Keel.PredictionLog;

/// <summary>The prediction log, bound from <c>Keel:PredictionLog</c>; every setting has an embedded default.</summary>
public sealed class PredictionLogOptions
{
    public const string Section = "Keel:PredictionLog";

    public string Topic { get; set; } = KeelTopics.Predictions;

    /// <summary>The CloudEvent <c>source</c> of the events.</summary>
    public string Source { get; set; } = "/keel/serving";

    /// <summary>Records held in memory before <c>TryLog</c> refuses; the sender moves them to disk long before that when Kafka is slow.</summary>
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>Most events per publish to Kafka.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>
    /// How long a publish may go unacknowledged before the records behind it are moved to the spool.
    /// Kafka's own delivery timeout is minutes; the in-memory queue must not wait that long.
    /// </summary>
    public TimeSpan SpillAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Where records wait for Kafka; default <c>&lt;Keel:DataDir&gt;/spool/predictions</c>.</summary>
    public string? SpoolDirectory { get; set; }

    /// <summary>
    /// Disk the spool may use. Large on purpose: every byte is a prediction kept through an outage
    /// (about a million typical records per GiB). Beyond it records are dropped, counted and reported.
    /// </summary>
    public long SpoolMaxBytes { get; set; } = 1L << 30;

    /// <summary>Size at which the spool starts a new segment file; drained segments are deleted whole.</summary>
    public long SegmentBytes { get; set; } = 16L << 20;

    /// <summary>Also force spooled records to the device (fsync) at every write, to survive a machine crash, not only a process crash.</summary>
    public bool SyncSpoolWrites { get; set; }

    public TimeSpan InitialRetryBackoff { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxRetryBackoff { get; set; } = TimeSpan.FromSeconds(10);

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Topic, "Keel:PredictionLog:Topic");
        ArgumentException.ThrowIfNullOrWhiteSpace(Source, "Keel:PredictionLog:Source");
        ArgumentOutOfRangeException.ThrowIfLessThan(QueueCapacity, 1, "Keel:PredictionLog:QueueCapacity");
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, "Keel:PredictionLog:BatchSize");
        ArgumentOutOfRangeException.ThrowIfLessThan(SpoolMaxBytes, 1024, "Keel:PredictionLog:SpoolMaxBytes");
        ArgumentOutOfRangeException.ThrowIfLessThan(SegmentBytes, 1024, "Keel:PredictionLog:SegmentBytes");
        ArgumentOutOfRangeException.ThrowIfLessThan(SpillAfter, TimeSpan.Zero, "Keel:PredictionLog:SpillAfter");
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(InitialRetryBackoff, TimeSpan.Zero, "Keel:PredictionLog:InitialRetryBackoff");
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRetryBackoff, InitialRetryBackoff, "Keel:PredictionLog:MaxRetryBackoff");
    }
}
