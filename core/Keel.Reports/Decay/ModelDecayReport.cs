namespace Keel.Reports.Decay;

/// <summary>
/// A version's quality on its labelled predictions over a window, against the holdout metrics it
/// was registered with, with the calibration behind the Brier score and ECE and what became of the
/// tenant's labels.
/// </summary>
public sealed record ModelDecayReport(
    string Tenant,
    string Model,
    int Version,
    DecayReportWindow Window,
    DateTimeOffset GeneratedAt,
    DecayVerdict Verdict,
    bool Registered,
    string? PositiveClass,
    long Labelled,
    int Measured,
    int Unreadable,
    int MinLabels,
    IReadOnlyList<MetricReport> Metrics,
    IReadOnlyList<ReliabilityBin> Reliability,
    LabelOutcomeCounts LabelOutcomes);

/// <summary>
/// The window asked for and the prediction times of the labelled predictions measured; <see cref="Capped"/>
/// when there were more than the report measures (the latest labelled are measured).
/// </summary>
public sealed record DecayReportWindow(string Selector, DateTimeOffset? Since, DateTimeOffset? From, DateTimeOffset? To, bool Capped);

/// <summary>Judged: no metric fell further than its margin (<see cref="Ok"/>) or one did; not judged on too few labels or nothing registered to compare with.</summary>
public enum DecayVerdict
{
    Ok,
    Degraded,
    NotJudged,
}

/// <summary>One metric now and at registration, and whether its fall is within the margin.</summary>
public sealed record MetricReport(string Metric, double? Live, double? Registered, double? Margin, bool HigherIsBetter, MetricVerdict Verdict);

public enum MetricVerdict
{
    /// <summary>Within its margin of the registered value.</summary>
    Ok,

    /// <summary>Fell below the registered value by more than its margin.</summary>
    Degraded,

    /// <summary>Compared with a margin, but there were fewer labels than a verdict needs.</summary>
    TooFewLabels,

    /// <summary>No margin, no registered value or no live value: shown, not judged.</summary>
    NotCompared,
}

/// <summary>One bin of the reliability table: scores in [<see cref="Lower"/>, <see cref="Upper"/>), how many, their mean and the observed positive rate.</summary>
public sealed record ReliabilityBin(double Lower, double Upper, int Count, double? MeanScore, double? PositiveRate, double? Gap);

/// <summary>What became of the tenant's labels since decay tracking began (the store counts them per tenant, not per model).</summary>
public sealed record LabelOutcomeCounts(long Joined, long Waiting, long Expired, long Duplicates);
