using System.Globalization;
using Keel.Drift.Profiles;

namespace Keel.Drift.Quality;

/// <summary>Checks current data against the reference profile: missing-rate rises, values outside the reference range, unseen categories.</summary>
public static class DataQualityChecks
{
    public static DataQualityReport Check(DatasetProfile reference, DatasetProfile current, DataQualityOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        options ??= new DataQualityOptions();
        options.Validate();
        var findings = new List<DataQualityFinding>();
        foreach (var name in reference.Features.Keys.Order(StringComparer.Ordinal))
        {
            var theirs = current.Features.GetValueOrDefault(name);
            var ours = reference.Features[name];
            if (theirs is null || theirs.Kind != ours.Kind)
            {
                findings.Add(new DataQualityFinding
                {
                    Feature = name,
                    Kind = DataQualityFindingKind.ColumnMismatch,
                    Message = theirs is null ? "the current data has no such column" : $"the column is {ours.Kind} in the reference but {theirs.Kind} now",
                });
                continue;
            }
            MissingRate(name, ours, theirs, options, findings);
            switch (ours)
            {
                case NumericProfile numeric:
                    OutOfRange(name, numeric, (NumericProfile)theirs, options, findings);
                    break;
                case CategoricalProfile categorical:
                    UnseenCategories(name, categorical, (CategoricalProfile)theirs, options, findings);
                    break;
            }
        }
        return new DataQualityReport { Findings = findings };
    }

    private static void MissingRate(string name, FeatureProfile reference, FeatureProfile current, DataQualityOptions options, List<DataQualityFinding> findings)
    {
        var rise = current.MissingRate - reference.MissingRate;
        if (current.Total > 0 && rise > options.MissingRateMargin)
        {
            findings.Add(new DataQualityFinding
            {
                Feature = name,
                Kind = DataQualityFindingKind.MissingRateRise,
                Message = $"missing rate rose from {Percent(reference.MissingRate)} to {Percent(current.MissingRate)}, more than the {Percent(options.MissingRateMargin)} allowed",
                ReferenceValue = reference.MissingRate,
                CurrentValue = current.MissingRate,
                Count = current.Missing,
                Share = current.MissingRate,
            });
        }
    }

    private static void OutOfRange(string name, NumericProfile reference, NumericProfile current, DataQualityOptions options, List<DataQualityFinding> findings)
    {
        if (reference.Min is not { } min || reference.Max is not { } max || current.Count == 0)
        {
            return;
        }
        // A sketch can round a lone extreme value away; the exact min and max say at least one is there.
        var below = Math.Max(current.CountBelow(min), current.Min < min ? 1 : 0);
        var above = Math.Max(current.CountAbove(max), current.Max > max ? 1 : 0);
        var count = below + above;
        var share = (double)count / current.Count;
        if (count > 0 && share > options.OutOfRangeShare)
        {
            findings.Add(new DataQualityFinding
            {
                Feature = name,
                Kind = DataQualityFindingKind.OutOfRange,
                Message = $"{count} value(s) ({Percent(share)}) outside the reference range [{Number(min)}, {Number(max)}]: {below} below, {above} above; now [{Number(current.Min!.Value)}, {Number(current.Max!.Value)}]",
                ReferenceValue = min,
                CurrentValue = current.Max,
                Count = count,
                Share = share,
                Exact = current.Sketch.IsExact,
            });
        }
    }

    private static void UnseenCategories(string name, CategoricalProfile reference, CategoricalProfile current, DataQualityOptions options, List<DataQualityFinding> findings)
    {
        var unseen = current.Counts
            .Where(c => !reference.Counts.ContainsKey(c.Key))
            .OrderByDescending(c => c.Value)
            .ThenBy(c => c.Key, StringComparer.Ordinal)
            .ToArray();
        var count = unseen.Sum(c => c.Value);
        var share = current.Count == 0 ? 0 : (double)count / current.Count;
        if (count > 0 && share > options.UnseenCategoryShare)
        {
            var listed = unseen.Take(options.MaxListedValues).Select(c => c.Key).ToArray();
            findings.Add(new DataQualityFinding
            {
                Feature = name,
                Kind = DataQualityFindingKind.UnseenCategories,
                Message = $"{unseen.Length} categor{(unseen.Length == 1 ? "y" : "ies")} the reference never had, {count} value(s) ({Percent(share)}): {string.Join(", ", listed.Select(v => $"'{v}'"))}{(unseen.Length > listed.Length ? ", …" : "")}",
                Count = count,
                Share = share,
                Values = listed,
                Exact = reference.IsExact && current.IsExact,
            });
        }
    }

    private static string Percent(double share) => (share * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";

    private static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
