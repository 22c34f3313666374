namespace Keel.Explain;

/// <summary>How explanations are computed; the defaults need no configuration.</summary>
public sealed record ExplainerOptions
{
    /// <summary>
    /// The largest |ExpectedValue + Σ contributions − RawScore| / max(1, |RawScore|) accepted;
    /// an explanation further off throws <see cref="AdditivityException"/> rather than mislead.
    /// </summary>
    public double AdditivityTolerance { get; init; } = 1e-5;

    /// <summary>TreeSHAP: at most this many background rows are passed down the trees to count node covers.</summary>
    public int MaxTreeBackgroundRows { get; init; } = 10_000;

    /// <summary>KernelSHAP: at most this many background rows stand in for an absent feature (each coalition is scored on all of them).</summary>
    public int MaxKernelBackgroundRows { get; init; } = 50;

    /// <summary>
    /// KernelSHAP's sample budget: the number of coalitions scored per explanation. When every
    /// coalition fits in the budget (2^features − 2 of them) they are all enumerated and the
    /// values are exact Shapley values.
    /// </summary>
    public int KernelSamples { get; init; } = 2048;

    /// <summary>KernelSHAP: the seed of coalition sampling, so an explanation is reproducible.</summary>
    public int Seed { get; init; } = 42;
}
