namespace Keel.Drift.Quality;

/// <summary>
/// One data quality problem of one column. <see cref="Exact"/> is false when a side's profile is
/// approximate (a compacted sketch, or categories beyond the capacity), so counts are estimates and
/// an "unseen" category may have been among the reference's uncounted ones.
/// </summary>
public sealed record DataQualityFinding
{
    public required string Feature { get; init; }

    public required DataQualityFindingKind Kind { get; init; }

    public required string Message { get; init; }

    /// <summary>The reference's side: its missing rate, or its minimum for out-of-range values.</summary>
    public double? ReferenceValue { get; init; }

    /// <summary>The current side: its missing rate, or its maximum for out-of-range values.</summary>
    public double? CurrentValue { get; init; }

    /// <summary>How many current values are affected (out of range, or of unseen categories).</summary>
    public long? Count { get; init; }

    /// <summary><see cref="Count"/> as a share of the current non-missing values.</summary>
    public double? Share { get; init; }

    /// <summary>The unseen categories, most frequent first, up to the listing limit.</summary>
    public IReadOnlyList<string>? Values { get; init; }

    public bool Exact { get; init; } = true;
}
