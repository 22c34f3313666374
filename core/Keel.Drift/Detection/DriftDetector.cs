using Keel.Drift.Metrics;
using Keel.Drift.Profiles;

namespace Keel.Drift.Detection;

/// <summary>Compares a current profile with a reference profile column by column.</summary>
public static class DriftDetector
{
    public static DriftReport Compare(DatasetProfile reference, DatasetProfile current, DriftPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        policy ??= new DriftPolicy();
        policy.Validate();
        var unknown = policy.Columns.Keys.Where(c => !reference.Features.ContainsKey(c)).ToArray();
        if (unknown.Length > 0)
        {
            throw new ArgumentException($"the drift policy names columns the reference does not have: {string.Join(", ", unknown)}");
        }

        var features = new List<FeatureDrift>();
        foreach (var name in reference.Features.Keys.Order(StringComparer.Ordinal))
        {
            var options = policy.Columns.GetValueOrDefault(name);
            features.Add(current.Features.TryGetValue(name, out var theirs)
                ? CompareFeature(name, reference.Features[name], theirs, policy, options)
                : Skip(name, reference.Features[name], null, "the current data has no such column"));
        }
        FeatureDrift? score = null;
        if (reference.Score is { } referenceScore && reference.ScoreColumn is { } scoreColumn)
        {
            score = current.Score is { } currentScore
                ? CompareFeature(scoreColumn, referenceScore, currentScore, policy, policy.Score)
                : Skip(scoreColumn, referenceScore, null, "the current data has no score");
        }

        var compared = features.Count(f => f.Skipped is null);
        var drifted = features.Count(f => f.Drifted);
        var share = compared == 0 ? 0 : (double)drifted / compared;
        return new DriftReport
        {
            Features = features,
            Score = score,
            ReferenceRows = reference.Rows,
            CurrentRows = current.Rows,
            ComparedColumns = compared,
            DriftedColumns = drifted,
            DriftShare = share,
            DatasetDriftShare = policy.DatasetDriftShare,
            DatasetDrift = compared > 0 && share >= policy.DatasetDriftShare,
        };
    }

    public static FeatureDrift CompareFeature(string name, FeatureProfile reference, FeatureProfile current, DriftPolicy? policy = null, ColumnDriftOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        policy ??= new DriftPolicy();
        if (reference.Kind != current.Kind)
        {
            return Skip(name, reference, current, $"the column is {reference.Kind} in the reference but {current.Kind} now");
        }
        if (reference.Count == 0 || current.Count == 0)
        {
            return Skip(name, reference, current, reference.Count == 0 ? "the reference has no values" : "the current data has no values");
        }
        var method = options?.Method ?? MethodSelection.Default(reference, current, policy.SmallReferenceRows);
        var threshold = options?.Threshold ?? method.DefaultThreshold();
        var (statistic, pValue) = Measure(name, method, reference, current, policy);
        return new FeatureDrift
        {
            Feature = name,
            Kind = reference.Kind,
            Method = method,
            Statistic = statistic,
            PValue = pValue,
            Threshold = threshold,
            Drifted = pValue is { } p ? p < threshold : statistic >= threshold,
            ReferenceCount = reference.Count,
            CurrentCount = current.Count,
        };
    }

    private static (double Statistic, double? PValue) Measure(string name, DriftMethod method, FeatureProfile reference, FeatureProfile current, DriftPolicy policy)
    {
        switch (method)
        {
            case DriftMethod.KolmogorovSmirnov:
            {
                var (r, c) = Numeric(name, method, reference, current);
                var (rd, cd) = (r.Distribution(), c.Distribution());
                var result = KolmogorovSmirnov.TwoSample(rd, cd);
                // A compacted sketch's CDF may be off by its rank error. The p-value is taken on the
                // statistic less that slack, so at sizes where KS resolves finer than the sketches
                // (about a million rows a side) their error is not reported as drift.
                var slack = RankSlack(r) + RankSlack(c);
                return slack == 0
                    ? (result.Statistic, result.PValue)
                    : (result.Statistic, KolmogorovSmirnov.PValue(Math.Max(0, result.Statistic - slack), rd.TotalWeight, cd.TotalWeight));
            }
            case DriftMethod.Wasserstein:
            {
                var (r, c) = Numeric(name, method, reference, current);
                return (Wasserstein.NormalizedDistance(r, c), null);
            }
            case DriftMethod.ChiSquared:
            {
                var counts = AlignedCounts.Categories(reference, current)
                    ?? AlignedCounts.QuantileBins((NumericProfile)reference, (NumericProfile)current, policy.QuantileBins);
                // Both sides are samples, so a two-sample test; Evidently's goodness of fit against the
                // reference's shares ignores the reference's own noise and flags about 20% of identical
                // distributions at p < 0.05 when the sides are the same size.
                var result = ChiSquared.Homogeneity(counts.Reference, counts.Current);
                return (result.Statistic, result.PValue);
            }
            case DriftMethod.ZTest:
            {
                var counts = AlignedCounts.Categories(reference, current);
                var present = counts is null ? [] : Enumerable.Range(0, counts.Keys.Count).Where(i => counts.Reference[i] > 0 || counts.Current[i] > 0).ToArray();
                if (counts is null || present.Length > 2 || (reference as CategoricalProfile)?.IsExact == false || (current as CategoricalProfile)?.IsExact == false)
                {
                    throw new ArgumentException($"column '{name}': the z-test needs a column with at most two values");
                }
                // The p-value is two-sided, so which value counts as the positive one only flips z's sign;
                // binaries use true, others the last key (the larger, for 0/1 numerics).
                var positive = reference is BinaryProfile ? counts.Keys.ToList().IndexOf("true") : present.Length == 0 ? 0 : present[^1];
                var result = ProportionZTest.Test(counts.Reference[positive], counts.Reference.Sum(), counts.Current[positive], counts.Current.Sum());
                return (result.Statistic, result.PValue);
            }
            case DriftMethod.JensenShannon:
            {
                var counts = JensenShannonCounts(reference, current);
                return (JensenShannon.Distance(Smoothing.FillZeros(AlignedCounts.Shares(counts.Reference)), Smoothing.FillZeros(AlignedCounts.Shares(counts.Current))), null);
            }
            case DriftMethod.Psi:
            {
                var counts = reference is NumericProfile r
                    ? AlignedCounts.QuantileBins(r, (NumericProfile)current, policy.QuantileBins)
                    : AlignedCounts.Categories(reference, current)!;
                return (PopulationStabilityIndex.Compute(Smoothing.FillZeros(AlignedCounts.Shares(counts.Reference)), Smoothing.FillZeros(AlignedCounts.Shares(counts.Current))), null);
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(method), method, "unknown drift method");
        }
    }

    // Evidently compares a numeric column value by value when the reference has at most 20 distinct values, on Sturges bins otherwise.
    private static AlignedCounts JensenShannonCounts(FeatureProfile reference, FeatureProfile current) =>
        reference is NumericProfile r
            ? (r.DistinctCount <= 20 ? AlignedCounts.Categories(r, current) : null) ?? AlignedCounts.SturgesBins(r, (NumericProfile)current)
            : AlignedCounts.Categories(reference, current)!;

    private static (NumericProfile Reference, NumericProfile Current) Numeric(string name, DriftMethod method, FeatureProfile reference, FeatureProfile current) =>
        reference is NumericProfile r && current is NumericProfile c
            ? (r, c)
            : throw new ArgumentException($"column '{name}': {method} applies to numeric columns, not {reference.Kind}");

    private static FeatureDrift Skip(string name, FeatureProfile reference, FeatureProfile? current, string reason) => new()
    {
        Feature = name,
        Kind = reference.Kind,
        ReferenceCount = reference.Count,
        CurrentCount = current?.Count ?? 0,
        Skipped = reason,
    };

    private static double RankSlack(NumericProfile profile) =>
        profile.Sketch.IsExact ? 0 : KllSketch.NormalizedRankError(profile.Sketch.K);
}
