namespace Keel.CostAnomaly.Detection;

/// <summary>A contributor's cost in the hour against what its usual share of the expectation would be.</summary>
public sealed record ContributorRise(string Contributor, decimal Observed, decimal Expected)
{
    public decimal Rise => Observed - Expected;
}
