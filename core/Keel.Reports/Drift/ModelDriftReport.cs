using Keel.Drift;
using Keel.Drift.Detection;
using Keel.Drift.Quality;
using Keel.Drift.Windows;

namespace Keel.Reports.Drift;

/// <summary>
/// A version's live traffic against its reference over a window of judged windows: the verdicts as
/// the model's policy gives them, each feature's test, the data-quality findings and both
/// distributions of every feature and of the score on the same bins.
/// </summary>
public sealed record ModelDriftReport(
    string Tenant,
    string Model,
    int Version,
    DriftReportWindow Window,
    DateTimeOffset GeneratedAt,
    long ReferenceRows,
    long LiveRows,
    bool DatasetDrift,
    double DriftShare,
    double DatasetDriftShare,
    int ComparedFeatures,
    IReadOnlyList<string> DriftedFeatures,
    bool ScoreDrift,
    IReadOnlyList<FeatureReport> Features,
    FeatureReport? Score,
    IReadOnlyList<QualityFindingReport> DataQuality);

/// <summary>
/// The window asked for (<see cref="Selector"/>) and what it held: the judged windows merged
/// (<see cref="Merged"/>), those left out past the report's bound, and the span they cover.
/// </summary>
public sealed record DriftReportWindow(
    string Selector,
    DateTimeOffset From,
    DateTimeOffset To,
    int Merged,
    long Omitted,
    IReadOnlyList<JudgedWindowSummary> Windows);

/// <summary>One judged window as monitoring saw it when it closed.</summary>
public sealed record JudgedWindowSummary(DateTimeOffset? Start, DateTimeOffset End, long Rows, WindowCloseReason ClosedBecause, bool DatasetDrift, double DriftShare, bool ScoreDrift);

/// <summary>
/// One column's test and distributions. For tests the threshold applies to the p-value; for
/// distances to the statistic. A null statistic is one beyond measure (a chi-squared with a new
/// category) or a column that was skipped (<see cref="Skipped"/> says why).
/// </summary>
public sealed record FeatureReport(
    string Feature,
    FeatureKind Kind,
    DriftMethod? Method,
    double? Statistic,
    double? PValue,
    double? Threshold,
    bool Drifted,
    long ReferenceCount,
    long LiveCount,
    double ReferenceMissingRate,
    double LiveMissingRate,
    string? Skipped,
    IReadOnlyList<DistributionBin> Distribution);

/// <summary>
/// One bar of a distribution: a numeric range [<see cref="Lower"/>, <see cref="Upper"/>) (open at the
/// ends for values outside the reference's range), a value, or a <see cref="Category"/>; shares are of
/// each side's non-missing values.
/// </summary>
public sealed record DistributionBin(
    string Label,
    double? Lower,
    double? Upper,
    string? Category,
    long ReferenceCount,
    double ReferenceShare,
    long LiveCount,
    double LiveShare);

/// <summary>A data-quality finding of the merged window against the reference.</summary>
public sealed record QualityFindingReport(
    string Feature,
    DataQualityFindingKind Kind,
    string Message,
    double? ReferenceValue,
    double? CurrentValue,
    long? Count,
    double? Share,
    IReadOnlyList<string>? Values,
    bool Exact);
