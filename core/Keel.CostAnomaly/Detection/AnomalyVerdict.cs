using Keel.CostAnomaly.Baseline;
using Keel.CostAnomaly.Input;

namespace Keel.CostAnomaly.Detection;

/// <summary>The judgement of one series' hour.</summary>
public sealed record AnomalyVerdict(
    SeriesKey Series,
    DateTimeOffset Hour,
    decimal Observed,
    ExpectedBand Band,
    double Score,
    bool Anomalous);
