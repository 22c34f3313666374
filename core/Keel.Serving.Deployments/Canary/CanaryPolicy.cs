namespace Keel.Serving.Deployments;

/// <summary>
/// When a canary is good enough to promote (<c>Keel:Serving:Canary</c>). The defaults suit a model
/// serving thousands of requests an hour; a low-traffic model wants a lower
/// <see cref="MinRequestsPerVariant"/> and a longer wait instead.
/// </summary>
public sealed record CanaryPolicy
{
    /// <summary>Requests each of stable and canary must have served before anything is decided.</summary>
    public int MinRequestsPerVariant { get; init; } = 500;

    /// <summary>Significance of the one-sided test that the canary's error rate is higher than stable's.</summary>
    public double Alpha { get; init; } = 0.05;

    /// <summary>An increase of the error rate (absolute, 0.001 = 0.1 points) accepted even when significant.</summary>
    public double ErrorRateTolerance { get; init; }

    /// <summary>The largest accepted ratio of the canary's p95 latency to stable's.</summary>
    public double MaxP95LatencyRatio { get; init; } = 1.25;

    /// <summary>A p95 increase below this many milliseconds is accepted whatever the ratio (0.2 ms → 0.3 ms is noise, not a regression).</summary>
    public double MinP95LatencyIncreaseMs { get; init; }

    /// <summary>The largest accepted Kolmogorov–Smirnov distance between the score distributions.</summary>
    public double MaxScoreKs { get; init; } = 0.1;

    /// <summary>The largest accepted population stability index of the scores (10 bins); null: reported, not enforced.</summary>
    public double? MaxScorePsi { get; init; }

    /// <summary>Scores each variant must have before their distributions are compared.</summary>
    public int MinScoresPerVariant { get; init; } = 100;
}
