using Keel.Drift.Profiles;

namespace Keel.Drift.Detection;

/// <summary>
/// Evidently's default method per column (get_stattest), where n is the number of distinct values
/// the two sides have together:
/// with at most <see cref="DriftPolicy.SmallReferenceRows"/> (1,000) non-missing reference values,
/// numeric → KS when n &gt; 5, chi-squared when n &gt; 2, else z-test; categorical → chi-squared when
/// n &gt; 2, else z-test; binary → z-test. With more reference values, numeric → normalised
/// Wasserstein when n &gt; 5, else Jensen–Shannon; categorical and binary → Jensen–Shannon.
/// </summary>
public static class MethodSelection
{
    public static DriftMethod Default(FeatureProfile reference, FeatureProfile current, int smallReferenceRows)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        var small = reference.Count <= smallReferenceRows;
        var distinct = DistinctValues(reference, current);
        return reference.Kind switch
        {
            FeatureKind.Numeric when small => distinct > 5 ? DriftMethod.KolmogorovSmirnov : distinct > 2 ? DriftMethod.ChiSquared : DriftMethod.ZTest,
            FeatureKind.Numeric => distinct > 5 ? DriftMethod.Wasserstein : DriftMethod.JensenShannon,
            FeatureKind.Categorical when small => distinct > 2 ? DriftMethod.ChiSquared : DriftMethod.ZTest,
            FeatureKind.Binary when small => DriftMethod.ZTest,
            _ => DriftMethod.JensenShannon,
        };
    }

    /// <summary>Distinct values over both sides; int.MaxValue when a side kept too many to count exactly.</summary>
    internal static int DistinctValues(FeatureProfile reference, FeatureProfile current)
    {
        var counts = AlignedCounts.Categories(reference, current);
        if (counts is null || (reference as CategoricalProfile)?.IsExact == false || (current as CategoricalProfile)?.IsExact == false)
        {
            return int.MaxValue;
        }
        return Enumerable.Range(0, counts.Keys.Count).Count(i => counts.Reference[i] > 0 || counts.Current[i] > 0);
    }
}
