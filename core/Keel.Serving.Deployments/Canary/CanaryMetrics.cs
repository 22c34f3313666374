namespace Keel.Serving.Deployments;

/// <summary>The numbers a canary recommendation was made from. Null where there was nothing to compute from.</summary>
public sealed record CanaryMetrics(
    long StableRequests,
    long CanaryRequests,
    long StableErrors,
    long CanaryErrors,
    double? StableErrorRate,
    double? CanaryErrorRate,
    double? ErrorRateDifference,
    double? ErrorRateZ,
    double? ErrorRatePValue,
    double? StableP95LatencyMs,
    double? CanaryP95LatencyMs,
    double? P95LatencyRatio,
    long StableScores,
    long CanaryScores,
    double? ScoreKs,
    double? ScorePsi);
