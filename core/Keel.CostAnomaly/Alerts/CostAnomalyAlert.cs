using Keel.CostAnomaly.Baseline;
using Keel.CostAnomaly.Detection;
using Keel.CostAnomaly.Input;

namespace Keel.CostAnomaly.Alerts;

/// <summary>The data of <c>dev.keel.cost.anomaly.v1</c>: a series' hour cost more than its expected band allows.</summary>
/// <param name="IncidentSince">The first anomalous hour of the incident this alert announces.</param>
public sealed record CostAnomalyAlert(
    string Tenant,
    SeriesKey Series,
    DateTimeOffset Hour,
    decimal Observed,
    decimal Expected,
    decimal Lower,
    decimal Upper,
    double Score,
    BandBasis Basis,
    double Level,
    IReadOnlyList<ContributorRise> TopContributors,
    DateTimeOffset IncidentSince,
    DateTimeOffset DetectedAt);
