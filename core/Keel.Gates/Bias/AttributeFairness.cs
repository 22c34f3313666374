using Keel.Features.Definitions;

namespace Keel.Gates.Bias;

/// <summary>
/// The bias gate's findings for one protected attribute: how it was grouped, every group's rates,
/// and the disparity measures over the groups large enough to judge (null when fewer than two were).
/// </summary>
public sealed record AttributeFairness
{
    public required string Attribute { get; init; }

    public required FeatureType Type { get; init; }

    /// <summary>How rows were grouped: by value, or the bucket edges and where they came from.</summary>
    public required string Grouping { get; init; }

    public required FavourableOutcome Favourable { get; init; }

    public required IReadOnlyList<GroupRates> Groups { get; init; }

    /// <summary>Highest minus lowest selection rate.</summary>
    public double? DemographicParityDifference { get; init; }

    /// <summary>Highest minus lowest true favourable rate among rows whose true outcome is favourable.</summary>
    public double? EqualOpportunityDifference { get; init; }

    /// <summary>Lowest selection rate divided by the highest.</summary>
    public double? DisparateImpactRatio { get; init; }

    /// <summary>The selection rate below which a group breaks the disparate-impact threshold (the four-fifths line), for charts.</summary>
    public double? ReferenceSelectionRate { get; init; }

    public required GateVerdict Verdict { get; init; }
}

/// <summary>One group of a protected attribute: its size and rates, and whether it took part in the verdict.</summary>
public sealed record GroupRates
{
    public required string Group { get; init; }

    public required int Rows { get; init; }

    /// <summary>Rows whose true outcome is the favourable one.</summary>
    public required int FavourableRows { get; init; }

    /// <summary>The share of the group's rows given the favourable prediction.</summary>
    public required double SelectionRate { get; init; }

    /// <summary>The share of the truly favourable rows given the favourable prediction; null when the group has none.</summary>
    public double? TruePositiveRate { get; init; }

    /// <summary>Whether the group counted towards demographic parity and disparate impact.</summary>
    public required bool Included { get; init; }

    /// <summary>Whether the group counted towards equal opportunity (it needs enough truly favourable rows).</summary>
    public required bool IncludedInEqualOpportunity { get; init; }

    /// <summary>Why the group was left out of a measure, when it was.</summary>
    public string? Note { get; init; }
}
