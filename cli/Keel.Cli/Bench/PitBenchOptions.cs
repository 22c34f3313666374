namespace Keel.Cli.Bench;

/// <summary>Sizes and settings of <c>keel bench pit</c>.</summary>
public sealed record PitBenchOptions
{
    public int LabelRows { get; init; } = 100_000;

    public int Events { get; init; } = 1_000_000;

    public int Entities { get; init; } = 100_000;

    public int Seed { get; init; } = 42;

    /// <summary>Timed runs of each side after its warm-up; the median is reported.</summary>
    public int Iterations { get; init; } = 5;

    /// <summary>Events per append, in event-time order as the stream delivers them.</summary>
    public int AppendBatch { get; init; } = 100_000;

    /// <summary>DuckDB threads; null uses every core.</summary>
    public int? Threads { get; init; }

    /// <summary>Where the store's temporary directory goes; null is the system temp directory.</summary>
    public string? WorkDirectory { get; init; }
}
