using Keel.Costs.Metering;

namespace Keel.Costs.Attribution;

/// <summary>What a cost report groups by.</summary>
public enum CostDimension
{
    Tenant,
    Team,
    CostCentre,
    Model,
    Version,
    Variant,
}

/// <summary>The group a record belongs to under each dimension.</summary>
public static class CostDimensions
{
    public static string Name(CostDimension dimension) => dimension switch
    {
        CostDimension.CostCentre => "cost_centre",
        _ => dimension.ToString().ToLowerInvariant(),
    };

    public static bool TryParse(string? name, out CostDimension dimension)
    {
        foreach (var candidate in Enum.GetValues<CostDimension>())
        {
            if (string.Equals(Name(candidate), name?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                dimension = candidate;
                return true;
            }
        }
        dimension = default;
        return false;
    }

    /// <summary>
    /// The group's key. A version or variant means nothing without its model, so they are keyed
    /// as model@version and model@version/variant; usage with no model at all is just untagged.
    /// </summary>
    public static string KeyOf(AttributionTags tags, CostDimension dimension) => dimension switch
    {
        CostDimension.Tenant => tags.Tenant,
        CostDimension.Team => tags.Team,
        CostDimension.CostCentre => tags.CostCentre,
        CostDimension.Model => tags.Model,
        CostDimension.Version => Qualified(tags.Model, tags.Version),
        CostDimension.Variant => Qualified(tags.Model, tags.Version, tags.Variant),
        _ => throw new ArgumentOutOfRangeException(nameof(dimension), dimension, null),
    };

    private static string Qualified(string model, string version) =>
        model == AttributionTags.Untagged && version == AttributionTags.Untagged ? AttributionTags.Untagged : $"{model}@{version}";

    private static string Qualified(string model, string version, string variant) =>
        variant == AttributionTags.Untagged && Qualified(model, version) == AttributionTags.Untagged
            ? AttributionTags.Untagged
            : $"{Qualified(model, version)}/{variant}";
}
