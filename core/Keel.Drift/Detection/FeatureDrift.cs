namespace Keel.Drift.Detection;

/// <summary>
/// One column's drift result. For tests the statistic is D, χ² or z and the threshold applies to the
/// p-value; for distances the statistic is the distance and there is no p-value. A column is skipped
/// (with the reason) when either side has no values.
/// </summary>
public sealed record FeatureDrift
{
    public required string Feature { get; init; }

    public required FeatureKind Kind { get; init; }

    public DriftMethod? Method { get; init; }

    public double? Statistic { get; init; }

    public double? PValue { get; init; }

    public double? Threshold { get; init; }

    public bool Drifted { get; init; }

    /// <summary>Non-missing values in the reference.</summary>
    public long ReferenceCount { get; init; }

    /// <summary>Non-missing values in the current data.</summary>
    public long CurrentCount { get; init; }

    public string? Skipped { get; init; }
}
