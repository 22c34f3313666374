using Keel.CostAnomaly.Alerts;

namespace Keel.CostAnomaly.Detection;

/// <summary>What one evaluation found: every hour judged, the alerts to publish and how many the rate limit held back.</summary>
public sealed record DetectionResult(
    IReadOnlyList<AnomalyVerdict> Verdicts,
    IReadOnlyList<CostAnomalyAlert> Alerts,
    int Suppressed);
