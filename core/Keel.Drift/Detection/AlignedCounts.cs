using System.Globalization;
using Keel.Drift.Profiles;

namespace Keel.Drift.Detection;

/// <summary>
/// The reference's and the current data's counts over the same buckets (categories, exact values or
/// bins), which the chi-squared test, the z-test, Jensen–Shannon and PSI are computed on.
/// </summary>
internal sealed record AlignedCounts(IReadOnlyList<string> Keys, double[] Reference, double[] Current)
{
    private const string OtherKey = "\u0000other";

    public static double[] Shares(double[] counts)
    {
        var total = counts.Sum();
        return total > 0 ? counts.Select(c => c / total).ToArray() : counts.ToArray();
    }

    /// <summary>
    /// Per category (or exact value, or true/false), over the union of both sides' keys. When either
    /// side's categories overflowed, the unattributed counts form one more bucket, compared as if it were a category.
    /// </summary>
    public static AlignedCounts? Categories(FeatureProfile reference, FeatureProfile current)
    {
        var r = CountsOf(reference);
        var c = CountsOf(current);
        if (r is null || c is null)
        {
            return null;
        }
        var keys = r.Keys.Union(c.Keys).Order(StringComparer.Ordinal).ToList();
        // The bucket of unattributed counts goes last.
        if (keys.Remove(OtherKey))
        {
            keys.Add(OtherKey);
        }
        return new AlignedCounts(keys, keys.Select(k => (double)r.GetValueOrDefault(k)).ToArray(), keys.Select(k => (double)c.GetValueOrDefault(k)).ToArray());
    }

    /// <summary>
    /// Bins cut at the reference's quantiles 1/b … (b−1)/b, open at both ends so every current value
    /// lands in one: (−∞, q₁], (q₁, q₂], …, (q_{b−1}, ∞). Ties in the reference merge bins.
    /// </summary>
    public static AlignedCounts QuantileBins(NumericProfile reference, NumericProfile current, int bins)
    {
        var edges = reference.QuantileEdges(bins);
        var r = reference.Distribution();
        var c = current.Distribution();
        var keys = new List<string>(edges.Count + 1);
        var rCounts = new double[edges.Count + 1];
        var cCounts = new double[edges.Count + 1];
        double rBelow = 0;
        double cBelow = 0;
        for (var i = 0; i <= edges.Count; i++)
        {
            var rAt = i < edges.Count ? r.WeightAtOrBelow(edges[i]) : r.TotalWeight;
            var cAt = i < edges.Count ? c.WeightAtOrBelow(edges[i]) : c.TotalWeight;
            rCounts[i] = rAt - rBelow;
            cCounts[i] = cAt - cBelow;
            rBelow = rAt;
            cBelow = cAt;
            keys.Add(i < edges.Count ? $"≤ {Format(edges[i])}" : edges.Count == 0 ? "all" : $"> {Format(edges[^1])}");
        }
        return new AlignedCounts(keys, rCounts, cCounts);
    }

    /// <summary>
    /// Equal-width bins over the range of both sides together, as many as Sturges' rule gives for
    /// their combined size (⌈log₂ n⌉ + 1): numpy's histogram_bin_edges(bins="sturges"), which
    /// Evidently uses for Jensen–Shannon on numeric columns. Bins are [a, b), the last [a, b].
    /// </summary>
    public static AlignedCounts SturgesBins(NumericProfile reference, NumericProfile current)
    {
        var min = Math.Min(reference.Min!.Value, current.Min!.Value);
        var max = Math.Max(reference.Max!.Value, current.Max!.Value);
        var bins = min == max ? 1 : (int)Math.Ceiling(Math.Log2(reference.Count + current.Count) + 1);
        var r = reference.Distribution();
        var c = current.Distribution();
        var keys = new string[bins];
        var rCounts = new double[bins];
        var cCounts = new double[bins];
        for (var i = 0; i < bins; i++)
        {
            var lower = min + (max - min) * i / bins;
            var upper = i == bins - 1 ? max : min + (max - min) * (i + 1) / bins;
            rCounts[i] = (i == bins - 1 ? r.TotalWeight : r.WeightBelow(upper)) - r.WeightBelow(lower);
            cCounts[i] = (i == bins - 1 ? c.TotalWeight : c.WeightBelow(upper)) - c.WeightBelow(lower);
            keys[i] = $"[{Format(lower)}, {Format(upper)}{(i == bins - 1 ? "]" : ")")}";
        }
        return new AlignedCounts(keys, rCounts, cCounts);
    }

    private static Dictionary<string, long>? CountsOf(FeatureProfile profile)
    {
        switch (profile)
        {
            case CategoricalProfile categorical:
                var counts = new Dictionary<string, long>(categorical.Counts, StringComparer.Ordinal);
                if (categorical.Other > 0)
                {
                    counts[OtherKey] = categorical.Other;
                }
                return counts;
            case BinaryProfile binary:
                return new Dictionary<string, long>(StringComparer.Ordinal) { ["false"] = binary.Negatives, ["true"] = binary.Positives };
            case NumericProfile numeric when numeric.ValueCounts is { } values:
                return values.ToDictionary(v => Format(v.Value), v => v.Count, StringComparer.Ordinal);
            default:
                return null;
        }
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
