using System.Text.Json.Serialization;

namespace Keel.Drift.Profiles;

/// <summary>
/// A numeric column: exact count, missing count, min, max, mean and variance, a KLL sketch for
/// quantiles and CDFs, and the exact count of each value while the column has at most
/// <see cref="DistinctValueLimit"/> distinct values (so a 0/1 column can be tested as binary and a
/// column of few values as categorical, as Evidently does). NaN and ±∞ count as missing, as
/// Evidently replaces them with NaN and drops them.
/// </summary>
public sealed class NumericProfile : FeatureProfile
{
    /// <summary>Enough to tell "more than 20 distinct values", the point where Evidently bins a numeric column for Jensen–Shannon.</summary>
    public const int DistinctValueLimit = 32;

    private Dictionary<double, long>? _values = [];
    private RunningMoments _moments;

    public NumericProfile(int sketchK = KllSketch.DefaultK, ulong seed = 0)
    {
        Sketch = new KllSketch(sketchK, seed);
    }

    [JsonConstructor]
    public NumericProfile(long count, long missing, double? min, double? max, double mean, double m2, KllSketch sketch, IReadOnlyList<ValueCount>? valueCounts)
    {
        ArgumentNullException.ThrowIfNull(sketch);
        if (count < 0 || missing < 0 || sketch.Count != count || (count > 0) != (min is not null && max is not null) || min > max)
        {
            throw new ArgumentException($"inconsistent numeric profile: count {count}, sketch count {sketch.Count}, min {min}, max {max}");
        }
        Count = count;
        Missing = missing;
        Min = min;
        Max = max;
        _moments = new RunningMoments(count, mean, m2);
        Sketch = sketch;
        if (valueCounts is null)
        {
            _values = null;
        }
        else
        {
            _values = valueCounts.ToDictionary(v => v.Value, v => v.Count);
            if (_values.Values.Sum() != count)
            {
                throw new ArgumentException($"the value counts add up to {_values.Values.Sum()}, not {count}");
            }
        }
    }

    [JsonIgnore]
    public override FeatureKind Kind => FeatureKind.Numeric;

    public double? Min { get; private set; }

    public double? Max { get; private set; }

    public double Mean => _moments.Mean;

    /// <summary>Sum of squared deviations from the mean (Welford's M2).</summary>
    public double M2 => _moments.M2;

    [JsonIgnore]
    public double Variance => _moments.Variance;

    [JsonIgnore]
    public double StandardDeviation => Math.Sqrt(_moments.Variance);

    [JsonIgnore]
    public double SampleVariance => _moments.SampleVariance;

    public KllSketch Sketch { get; }

    /// <summary>Each distinct value and its count, ascending; null once the column had more than <see cref="DistinctValueLimit"/> distinct values.</summary>
    public IReadOnlyList<ValueCount>? ValueCounts =>
        _values?.OrderBy(p => p.Key).Select(p => new ValueCount(p.Key, p.Value)).ToArray();

    /// <summary>The number of distinct values, or null when there were more than <see cref="DistinctValueLimit"/>.</summary>
    [JsonIgnore]
    public int? DistinctCount => _values?.Count;

    public void Add(double value)
    {
        if (!double.IsFinite(value))
        {
            AddMissing();
            return;
        }
        // -0.0 and 0.0 are one value to a reader, and must be one key here.
        value += 0.0;
        Count++;
        Min = Min is { } min ? Math.Min(min, value) : value;
        Max = Max is { } max ? Math.Max(max, value) : value;
        _moments = _moments.Add(value);
        Sketch.Add(value);
        if (_values is not null)
        {
            _values[value] = _values.GetValueOrDefault(value) + 1;
            if (_values.Count > DistinctValueLimit)
            {
                _values = null;
            }
        }
    }

    public override void Merge(FeatureProfile other)
    {
        var numeric = SameKind<NumericProfile>(other);
        if (ReferenceEquals(numeric, this))
        {
            numeric = Clone(this);
        }
        Sketch.Merge(numeric.Sketch);
        MergeCounts(numeric);
        Min = Nullable(Math.Min, Min, numeric.Min);
        Max = Nullable(Math.Max, Max, numeric.Max);
        _moments = _moments.Merge(numeric._moments);
        if (_values is not null && numeric._values is not null)
        {
            foreach (var (value, count) in numeric._values)
            {
                _values[value] = _values.GetValueOrDefault(value) + count;
            }
            if (_values.Count > DistinctValueLimit)
            {
                _values = null;
            }
        }
        else
        {
            _values = null;
        }
    }

    /// <summary>The q-quantile (inverse CDF) of the sketch; exact while the sketch is.</summary>
    public double Quantile(double q) => Sketch.ToDistribution().Quantile(q);

    public EmpiricalDistribution Distribution() => Sketch.ToDistribution();

    /// <summary>How many values were below x: exact while the sketch is exact or x ≤ Min, an estimate otherwise.</summary>
    public long CountBelow(double x) => Min is { } min && x <= min ? 0 : (long)Math.Round(Distribution().WeightBelow(x));

    /// <summary>How many values were above x: exact while the sketch is exact or x ≥ Max, an estimate otherwise.</summary>
    public long CountAbove(double x) => Max is { } max && x >= max ? 0 : Count - (long)Math.Round(Distribution().WeightAtOrBelow(x));

    /// <summary>Equal-width bins over [Min, Max], for reports.</summary>
    public IReadOnlyList<HistogramBin> Histogram(int bins)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        if (Min is not { } min || Max is not { } max)
        {
            return [];
        }
        if (min == max)
        {
            return [new HistogramBin(min, max, Count)];
        }
        var edges = new double[bins + 1];
        for (var i = 0; i <= bins; i++)
        {
            edges[i] = i == bins ? max : min + (max - min) * i / bins;
        }
        return Histogram(edges);
    }

    /// <summary>
    /// Counts in [edges[i], edges[i+1]), the last bin closed, as numpy's histogram does; values
    /// outside the edges are not counted. Pass a reference profile's <see cref="QuantileEdges"/> to
    /// draw the current data on the reference's bins.
    /// </summary>
    public IReadOnlyList<HistogramBin> Histogram(IReadOnlyList<double> edges)
    {
        ArgumentNullException.ThrowIfNull(edges);
        if (edges.Count < 2)
        {
            throw new ArgumentException("a histogram needs at least two edges", nameof(edges));
        }
        var distribution = Distribution();
        var bins = new HistogramBin[edges.Count - 1];
        for (var i = 0; i < bins.Length; i++)
        {
            var lower = edges[i];
            var upper = edges[i + 1];
            if (!(upper > lower))
            {
                throw new ArgumentException($"edges must increase, but {upper} follows {lower}", nameof(edges));
            }
            var top = i == bins.Length - 1 ? distribution.WeightAtOrBelow(upper) : distribution.WeightBelow(upper);
            bins[i] = new HistogramBin(lower, upper, (long)Math.Round(top - distribution.WeightBelow(lower)));
        }
        return bins;
    }

    /// <summary>The distinct inner quantiles at 1/bins, 2/bins, …, (bins−1)/bins: the cut points of reference-quantile bins.</summary>
    public IReadOnlyList<double> QuantileEdges(int bins)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        if (Count == 0)
        {
            return [];
        }
        var distribution = Distribution();
        var edges = new List<double>(bins - 1);
        for (var i = 1; i < bins; i++)
        {
            var edge = distribution.Quantile((double)i / bins);
            if (edges.Count == 0 || edge > edges[^1])
            {
                edges.Add(edge);
            }
        }
        return edges;
    }

    private static double? Nullable(Func<double, double, double> pick, double? a, double? b) =>
        a is { } x ? (b is { } y ? pick(x, y) : x) : b;

    private static NumericProfile Clone(NumericProfile p) =>
        new(p.Count, p.Missing, p.Min, p.Max, p.Mean, p.M2, p.Sketch.Clone(), p.ValueCounts);
}
