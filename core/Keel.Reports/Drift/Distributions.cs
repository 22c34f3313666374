using System.Globalization;
using Keel.Drift.Profiles;

namespace Keel.Reports.Drift;

/// <summary>
/// The reference's and the live data's distributions of one column on the same bins, for drawing
/// one over the other. Numbers: <c>bins</c> equal-width bins over the reference's range, with an
/// open bin below and above it when live values fall outside; a column with few distinct values
/// (both sides exact) gets one bin per value. Categories: one bin per category of either side, the
/// least frequent beyond <c>maxCategories</c> sharing one. Yes/no: true and false.
/// </summary>
public static class Distributions
{
    /// <summary>Few enough values to draw each as its own bar (Evidently compares value by value up to this many too).</summary>
    public const int MaxDistinctValues = 20;

    public const string OtherCategories = "(other categories)";

    public static IReadOnlyList<DistributionBin> Of(FeatureProfile reference, FeatureProfile live, int bins, int maxCategories)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(live);
        return (reference, live) switch
        {
            (NumericProfile r, NumericProfile l) => Numeric(r, l, bins),
            (CategoricalProfile r, CategoricalProfile l) => Categorical(r, l, maxCategories),
            (BinaryProfile r, BinaryProfile l) => Binary(r, l),
            // Kinds that differ are a data-quality finding; there is no common axis to draw.
            _ => [],
        };
    }

    public static IReadOnlyList<DistributionBin> Numeric(NumericProfile reference, NumericProfile live, int bins)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(live);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        if (reference.ValueCounts is { Count: > 0 and <= MaxDistinctValues } values && (live.Count == 0 || live.ValueCounts is not null))
        {
            return ByValue(reference, values, live);
        }
        // Without a reference there is no reference range; the live range gives the axis.
        var axis = reference.Count > 0 ? reference : live;
        if (axis.Min is not { } min || axis.Max is not { } max)
        {
            return [];
        }
        var result = new List<DistributionBin>(bins + 2);
        var below = live.CountBelow(min);
        if (below > 0)
        {
            result.Add(Bin($"< {Number(min)}", null, min, null, 0, reference.Count, below, live.Count));
        }
        if (min == max)
        {
            result.Add(Bin(Number(min), min, max, null, reference.Count, reference.Count, live.Count - below - live.CountAbove(max), live.Count));
        }
        else
        {
            var edges = Enumerable.Range(0, bins + 1).Select(i => i == bins ? max : min + (max - min) * i / bins).ToArray();
            var referenceBins = reference.Count > 0 ? reference.Histogram(edges) : null;
            var liveBins = live.Count > 0 ? live.Histogram(edges) : null;
            for (var i = 0; i < bins; i++)
            {
                var closing = i == bins - 1 ? "]" : ")";
                result.Add(Bin($"[{Number(edges[i])}, {Number(edges[i + 1])}{closing}", edges[i], edges[i + 1], null,
                    referenceBins?[i].Count ?? 0, reference.Count, liveBins?[i].Count ?? 0, live.Count));
            }
        }
        var above = live.CountAbove(max);
        if (above > 0)
        {
            result.Add(Bin($"> {Number(max)}", max, null, null, 0, reference.Count, above, live.Count));
        }
        return result;
    }

    private static List<DistributionBin> ByValue(NumericProfile reference, IReadOnlyList<ValueCount> values, NumericProfile live)
    {
        var referenceCounts = values.ToDictionary(v => v.Value, v => v.Count);
        var liveCounts = (live.ValueCounts ?? []).ToDictionary(v => v.Value, v => v.Count);
        return referenceCounts.Keys.Union(liveCounts.Keys).Order()
            .Select(v => Bin(Number(v), v, v, null, referenceCounts.GetValueOrDefault(v), reference.Count, liveCounts.GetValueOrDefault(v), live.Count))
            .ToList();
    }

    public static IReadOnlyList<DistributionBin> Categorical(CategoricalProfile reference, CategoricalProfile live, int maxCategories)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(live);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCategories, 1);
        double Share(long count, long total) => total == 0 ? 0 : (double)count / total;
        var categories = reference.Counts.Keys.Union(live.Counts.Keys, StringComparer.Ordinal)
            .Select(c => (Category: c, Reference: reference.CountOf(c), Live: live.CountOf(c)))
            // The largest on either side are drawn, so a category only live traffic has is not hidden by the reference's many.
            .OrderByDescending(c => Math.Max(Share(c.Reference, reference.Count), Share(c.Live, live.Count)))
            .ThenBy(c => c.Category, StringComparer.Ordinal)
            .ToList();
        var drawn = categories.Take(maxCategories)
            .OrderByDescending(c => c.Reference)
            .ThenByDescending(c => c.Live)
            .ThenBy(c => c.Category, StringComparer.Ordinal)
            .Select(c => Bin(c.Category, null, null, c.Category, c.Reference, reference.Count, c.Live, live.Count))
            .ToList();
        var rest = categories.Skip(maxCategories).ToList();
        var referenceRest = rest.Sum(c => c.Reference) + reference.Other;
        var liveRest = rest.Sum(c => c.Live) + live.Other;
        if (referenceRest > 0 || liveRest > 0)
        {
            drawn.Add(Bin(OtherCategories, null, null, null, referenceRest, reference.Count, liveRest, live.Count));
        }
        return drawn;
    }

    public static IReadOnlyList<DistributionBin> Binary(BinaryProfile reference, BinaryProfile live)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(live);
        return
        [
            Bin("false", 0, 0, "false", reference.Negatives, reference.Count, live.Negatives, live.Count),
            Bin("true", 1, 1, "true", reference.Positives, reference.Count, live.Positives, live.Count),
        ];
    }

    private static DistributionBin Bin(string label, double? lower, double? upper, string? category, long referenceCount, long referenceTotal, long liveCount, long liveTotal) =>
        new(label, lower, upper, category,
            referenceCount, referenceTotal == 0 ? 0 : (double)referenceCount / referenceTotal,
            liveCount, liveTotal == 0 ? 0 : (double)liveCount / liveTotal);

    private static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
