using Keel.Drift.Metrics;

namespace Keel.Cli.Bench;

/// <summary>
/// The exact baseline of <c>keel bench drift</c>: the two-sample Kolmogorov–Smirnov statistic of
/// every numeric column from the fully sorted columns, and exact category counts with their
/// Jensen–Shannon distance (smoothed as the detector does). It has to keep the whole reference
/// (8 bytes per numeric value), sorted once in <see cref="Prepare"/>.
/// </summary>
public sealed class ExactDriftBaseline
{
    private readonly Dictionary<string, double[]> _reference;
    private readonly Dictionary<string, Dictionary<string, long>> _referenceCounts;

    private ExactDriftBaseline(Dictionary<string, double[]> reference, Dictionary<string, Dictionary<string, long>> referenceCounts)
    {
        _reference = reference;
        _referenceCounts = referenceCounts;
    }

    /// <summary>Bytes of reference values the baseline holds.</summary>
    public long ReferenceBytes => _reference.Values.Sum(v => (long)v.Length * sizeof(double));

    public static ExactDriftBaseline Prepare(DriftBenchData reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return new ExactDriftBaseline(
            reference.Numeric.ToDictionary(c => c.Key, c => SortedValues(c.Value), StringComparer.Ordinal),
            reference.Categorical.ToDictionary(c => c.Key, c => Count(c.Value).Counts, StringComparer.Ordinal));
    }

    public ExactDriftResult Compare(DriftBenchData current)
    {
        ArgumentNullException.ThrowIfNull(current);
        var statistics = new Dictionary<string, (double, double)>(StringComparer.Ordinal);
        long heldBytes = 0;
        foreach (var (name, values) in current.Numeric)
        {
            var sorted = SortedValues(values);
            heldBytes += (long)sorted.Length * sizeof(double);
            var reference = _reference[name];
            var d = Statistic(reference, sorted);
            statistics[name] = (d, KolmogorovSmirnov.PValue(d, reference.Length, sorted.Length));
        }
        var counts = new Dictionary<string, (Dictionary<string, long>, long, double)>(StringComparer.Ordinal);
        foreach (var (name, values) in current.Categorical)
        {
            var (theirs, missing) = Count(values);
            counts[name] = (theirs, missing, Distance(_referenceCounts[name], theirs));
        }
        return new ExactDriftResult(statistics, counts, heldBytes);
    }

    /// <summary>sup |F₁ − F₂| by one merge-like walk over both sorted columns, stepping over ties on both sides at once.</summary>
    public static double Statistic(double[] a, double[] b)
    {
        var i = 0;
        var j = 0;
        double d = 0;
        while (i < a.Length && j < b.Length)
        {
            var x = Math.Min(a[i], b[j]);
            while (i < a.Length && a[i] == x)
            {
                i++;
            }
            while (j < b.Length && b[j] == x)
            {
                j++;
            }
            d = Math.Max(d, Math.Abs((double)i / a.Length - (double)j / b.Length));
        }
        return d;
    }

    private static double Distance(Dictionary<string, long> reference, Dictionary<string, long> current)
    {
        var keys = reference.Keys.Union(current.Keys).Order(StringComparer.Ordinal).ToArray();
        return JensenShannon.Distance(Shares(keys, reference), Shares(keys, current));
    }

    private static double[] Shares(string[] keys, Dictionary<string, long> counts)
    {
        double total = counts.Values.Sum();
        return Smoothing.FillZeros(keys.Select(k => counts.GetValueOrDefault(k) / total).ToArray());
    }

    private static double[] SortedValues(double[] column)
    {
        // Counted first, so the copy is allocated once at its exact size.
        var count = 0;
        foreach (var value in column)
        {
            count += double.IsFinite(value) ? 1 : 0;
        }
        var values = new double[count];
        var i = 0;
        foreach (var value in column)
        {
            if (double.IsFinite(value))
            {
                values[i++] = value;
            }
        }
        Array.Sort(values);
        return values;
    }

    private static (Dictionary<string, long> Counts, long Missing) Count(string?[] column)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        long missing = 0;
        foreach (var value in column)
        {
            if (value is null)
            {
                missing++;
            }
            else
            {
                counts[value] = counts.GetValueOrDefault(value) + 1;
            }
        }
        return (counts, missing);
    }
}

/// <summary>
/// The exact KS statistic and p-value per numeric column; the category counts, missing count and
/// Jensen–Shannon distance per categorical one; and the bytes of current values it sorted.
/// </summary>
public sealed record ExactDriftResult(
    IReadOnlyDictionary<string, (double Statistic, double PValue)> Numeric,
    IReadOnlyDictionary<string, (Dictionary<string, long> Counts, long Missing, double JensenShannon)> Categorical,
    long HeldBytes);
