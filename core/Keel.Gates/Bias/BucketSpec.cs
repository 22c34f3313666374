namespace Keel.Gates.Bias;

/// <summary>
/// How a numeric protected attribute is cut into groups: at fixed edges (each group is
/// [lower, upper)), or into a number of quantile buckets of the holdout's values.
/// </summary>
public sealed record BucketSpec(IReadOnlyList<double>? Edges, int? Quantiles)
{
    /// <summary>The age bands used for any attribute named like age when no buckets are configured.</summary>
    public static readonly IReadOnlyList<double> AgeEdges = [25, 35, 45, 55, 65];

    public static BucketSpec AtEdges(params double[] edges) => new(edges, null);

    public static BucketSpec QuantilesOf(int count) => new(null, count);
}
