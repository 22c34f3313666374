using Keel.Gates.Settings;

namespace Keel.Gates.Bias;

/// <summary>
/// <c>gates.bias</c>: which outcome is favourable, how small a group may be and still count, the
/// disparity thresholds (four-fifths rule by default) and how numeric attributes are bucketed
/// (<c>buckets: {Age: [30, 50], Income: 5}</c> — edges, or a number of quantile buckets).
/// </summary>
public sealed record BiasOptions
{
    public const string FavourableKey = "favourable";
    public const string MinGroupSizeKey = "min_group_size";
    public const string MinDisparateImpactKey = "min_disparate_impact";
    public const string MaxParityDifferenceKey = "max_demographic_parity_difference";
    public const string MaxEqualOpportunityDifferenceKey = "max_equal_opportunity_difference";
    public const string QuantileBucketsKey = "quantile_buckets";
    public const string BucketsKey = "buckets";

    public FavourableOutcome Favourable { get; init; } = FavourableOutcome.Negative;

    /// <summary>Groups with fewer rows are reported but left out of the verdict: their rates are too noisy to judge.</summary>
    public int MinGroupSize { get; init; } = 30;

    /// <summary>The lowest acceptable ratio of the lowest to the highest selection rate: the four-fifths rule.</summary>
    public double? MinDisparateImpact { get; init; } = 0.8;

    public double? MaxDemographicParityDifference { get; init; } = 0.1;

    public double? MaxEqualOpportunityDifference { get; init; } = 0.1;

    /// <summary>How many quantile buckets a numeric attribute that is not named like age gets by default.</summary>
    public int QuantileBuckets { get; init; } = 4;

    public IReadOnlyDictionary<string, BucketSpec> Buckets { get; init; } = new Dictionary<string, BucketSpec>();

    public static BiasOptions Parse(GateSettings settings)
    {
        settings.EnsureKnown(FavourableKey, MinGroupSizeKey, MinDisparateImpactKey, MaxParityDifferenceKey,
            MaxEqualOpportunityDifferenceKey, QuantileBucketsKey, BucketsKey);
        var defaults = new BiasOptions();
        var buckets = new Dictionary<string, BucketSpec>(StringComparer.Ordinal);
        foreach (var (attribute, value) in settings.Map(BucketsKey))
        {
            buckets[attribute] = ParseBuckets(value, settings.PathOf($"{BucketsKey}.{attribute}"));
        }
        return new BiasOptions
        {
            Favourable = settings.Choice(FavourableKey, "negative", "positive", "negative") == "positive"
                ? FavourableOutcome.Positive
                : FavourableOutcome.Negative,
            MinGroupSize = settings.Integer(MinGroupSizeKey, defaults.MinGroupSize, 1),
            MinDisparateImpact = settings.Threshold(MinDisparateImpactKey, defaults.MinDisparateImpact, 0, 1),
            MaxDemographicParityDifference = settings.Threshold(MaxParityDifferenceKey, defaults.MaxDemographicParityDifference, 0, 1),
            MaxEqualOpportunityDifference = settings.Threshold(MaxEqualOpportunityDifferenceKey, defaults.MaxEqualOpportunityDifference, 0, 1),
            QuantileBuckets = settings.Integer(QuantileBucketsKey, defaults.QuantileBuckets, 2, 20),
            Buckets = buckets,
        };
    }

    private static BucketSpec ParseBuckets(object? value, string path)
    {
        if (SettingValues.AsList(value) is { } list)
        {
            var edges = list.Select((item, i) => SettingValues.ToDouble(item, $"{path}[{i}]")).ToArray();
            if (edges.Length == 0)
            {
                throw new GateSettingsException($"{path}: expected at least one edge");
            }
            for (var i = 1; i < edges.Length; i++)
            {
                if (edges[i] <= edges[i - 1])
                {
                    throw new GateSettingsException($"{path}: edges must increase, but {edges[i]} follows {edges[i - 1]}");
                }
            }
            return BucketSpec.AtEdges(edges);
        }
        int count;
        try
        {
            count = SettingValues.ToInt(value, path);
        }
        catch (GateSettingsException)
        {
            throw new GateSettingsException($"{path}: expected a list of edges or a number of quantile buckets, got {SettingValues.Describe(value)}");
        }
        return count is >= 2 and <= 20
            ? BucketSpec.QuantilesOf(count)
            : throw new GateSettingsException($"{path}: {count} quantile buckets is out of range; expected 2 to 20, or a list of edges");
    }
}
