namespace Keel.Drift.Profiles;

/// <summary>
/// A weighted step distribution: distinct sorted values and the weight at or below each. It is what
/// a sketch (or a raw sample) looks like to the metrics, which are exact on it.
/// </summary>
public sealed class EmpiricalDistribution
{
    private readonly double[] _values;
    private readonly double[] _cumulative;

    private EmpiricalDistribution(double[] values, double[] cumulative)
    {
        _values = values;
        _cumulative = cumulative;
    }

    /// <summary>The distinct values, ascending.</summary>
    public IReadOnlyList<double> Values => _values;

    public double TotalWeight => _cumulative.Length == 0 ? 0 : _cumulative[^1];

    public bool IsEmpty => _values.Length == 0;

    public static EmpiricalDistribution FromValues(IEnumerable<double> values) =>
        FromWeighted(values.Select(v => (v, 1.0)));

    public static EmpiricalDistribution FromWeighted(IEnumerable<(double Value, double Weight)> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var sorted = items.ToArray();
        foreach (var (value, weight) in sorted)
        {
            if (!double.IsFinite(value) || !(weight >= 0) || !double.IsFinite(weight))
            {
                throw new ArgumentException($"({value}, {weight}) is not a finite value with a finite non-negative weight", nameof(items));
            }
        }
        Array.Sort(sorted, (a, b) => a.Value.CompareTo(b.Value));
        var values = new List<double>(sorted.Length);
        var cumulative = new List<double>(sorted.Length);
        double running = 0;
        foreach (var (value, weight) in sorted)
        {
            running += weight;
            if (values.Count > 0 && values[^1] == value)
            {
                cumulative[^1] = running;
            }
            else
            {
                values.Add(value);
                cumulative.Add(running);
            }
        }
        return new EmpiricalDistribution([.. values], [.. cumulative]);
    }

    /// <summary>The weight of values ≤ x.</summary>
    public double WeightAtOrBelow(double x)
    {
        // Index of the first value > x; everything before it is ≤ x.
        var lo = 0;
        var hi = _values.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_values[mid] <= x)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo == 0 ? 0 : _cumulative[lo - 1];
    }

    /// <summary>The weight of values &lt; x.</summary>
    public double WeightBelow(double x)
    {
        var lo = 0;
        var hi = _values.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_values[mid] < x)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo == 0 ? 0 : _cumulative[lo - 1];
    }

    /// <summary>P(X ≤ x).</summary>
    public double Cdf(double x) => IsEmpty ? 0 : WeightAtOrBelow(x) / TotalWeight;

    /// <summary>
    /// The smallest value whose CDF reaches q (the inverse CDF, numpy's 'inverted_cdf'): on [1, 2, 3, 4]
    /// the 0.5-quantile is 2. No interpolation, so every answer is a value that was seen.
    /// </summary>
    public double Quantile(double q)
    {
        if (IsEmpty)
        {
            throw new InvalidOperationException("an empty distribution has no quantiles");
        }
        if (!(q >= 0 && q <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(q), q, "a quantile is between 0 and 1");
        }
        var target = q * TotalWeight;
        var lo = 0;
        var hi = _values.Length - 1;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_cumulative[mid] >= target)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }
        return _values[lo];
    }

    /// <summary>The weight of each distinct value, in value order.</summary>
    public IEnumerable<(double Value, double Weight)> Points()
    {
        for (var i = 0; i < _values.Length; i++)
        {
            yield return (_values[i], _cumulative[i] - (i == 0 ? 0 : _cumulative[i - 1]));
        }
    }
}
