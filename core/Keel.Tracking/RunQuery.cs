namespace Keel.Tracking;

/// <summary>
/// Which runs to list and in what order. Without <see cref="OrderByMetric"/> the newest run comes
/// first; with it, runs are ordered by the metric's latest value (highest first unless
/// <see cref="Ascending"/>), and runs lacking the metric, or holding NaN, come last.
/// </summary>
public sealed record RunQuery
{
    public const int DefaultLimit = 100;

    /// <summary>Only runs of this experiment (by name); an unknown name is an error, not an empty list.</summary>
    public string? Experiment { get; init; }

    /// <summary>Only the children of this run.</summary>
    public string? ParentRunId { get; init; }

    /// <summary>Only runs without a parent, e.g. to list searches without their trials.</summary>
    public bool TopLevelOnly { get; init; }

    public RunStatus? Status { get; init; }

    public string? OrderByMetric { get; init; }

    public bool Ascending { get; init; }

    /// <summary>At most this many runs, 1 to <see cref="TrackingLimits.MaxListLimit"/>.</summary>
    public int Limit { get; init; } = DefaultLimit;
}
