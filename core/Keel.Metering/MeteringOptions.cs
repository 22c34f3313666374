namespace Keel.Metering;

/// <summary>
/// How usage is metered and sent (<c>Keel:Costs:Metering</c>, environment <c>KEEL__COSTS__METERING__…</c>).
/// Every setting has an embedded default.
/// </summary>
public sealed class MeteringOptions
{
    public const string Section = "Keel:Costs:Metering";

    /// <summary>How often the inference aggregates are turned into events and everything waiting is sent.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Inference series (tenant, model, version, variant, device, tags) aggregated at once; usage of a
    /// series beyond it is kept under its tenant alone (the rest untagged) rather than dropped.
    /// </summary>
    public int MaxSeries { get; set; } = 10_000;

    /// <summary>Events held in memory waiting for the log; beyond it they are written to the spool directory.</summary>
    public int MaxPendingEvents { get; set; } = 50_000;

    /// <summary>Events per publish call.</summary>
    public int PublishBatchSize { get; set; } = 500;

    /// <summary>Where unsent events wait on disk (at stop, or past <see cref="MaxPendingEvents"/>); default <c>costs/spool</c> under <c>Keel:DataDir</c>.</summary>
    public string? SpoolDirectory { get; set; }

    /// <summary>Cores a CPU inference run is charged for (core-seconds = compute time × this).</summary>
    public decimal CpuCores { get; set; } = 1;

    /// <summary>The GPU type a CUDA inference run is charged as (the price book's gpu variant); untagged unless set.</summary>
    public string? GpuType { get; set; }

    public void Validate()
    {
        if (FlushInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(FlushInterval), FlushInterval, "The flush interval must be positive.");
        }
        if (MaxSeries < 1 || MaxPendingEvents < 1 || PublishBatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxSeries), "MaxSeries, MaxPendingEvents and PublishBatchSize must be 1 or more.");
        }
        if (CpuCores <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(CpuCores), CpuCores, "A CPU inference run uses more than 0 cores.");
        }
    }
}
