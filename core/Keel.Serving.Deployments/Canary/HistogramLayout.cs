using System.Text.Json.Serialization;

namespace Keel.Serving.Deployments;

[JsonConverter(typeof(JsonStringEnumConverter<HistogramScale>))]
public enum HistogramScale
{
    /// <summary>Bins of equal width: scores, where a fixed absolute resolution is what matters.</summary>
    [JsonStringEnumMemberName("linear")] Linear,

    /// <summary>Bins of equal ratio: latencies, where the relative error of a quantile should be the same at 0.1 ms and at 10 s.</summary>
    [JsonStringEnumMemberName("logarithmic")] Logarithmic,
}

/// <summary>
/// The bins of a <see cref="Histogram"/>: <paramref name="Bins"/> bins covering [<paramref name="Min"/>,
/// <paramref name="Max"/>]; values outside are counted in the first or last bin. Two histograms merge
/// or compare only when their layouts are equal.
/// </summary>
public sealed record HistogramLayout(HistogramScale Scale, double Min, double Max, int Bins)
{
    /// <summary>Scores in [0, 1] (probabilities), 100 bins of 0.01.</summary>
    public static HistogramLayout Scores { get; } = new(HistogramScale.Linear, 0, 1, 100);

    /// <summary>Latencies from 10 µs to 10 minutes in 400 bins, each about 4.6 % wider than the last: quantiles within that relative error, in 3.2 KB.</summary>
    public static HistogramLayout LatencyMs { get; } = new(HistogramScale.Logarithmic, 0.01, 600_000, 400);

    /// <summary>The bin a value falls in, clamped to the first and last bin.</summary>
    internal int IndexOf(double value)
    {
        var position = Scale == HistogramScale.Linear
            ? (value - Min) / (Max - Min) * Bins
            : value <= Min ? 0 : Math.Log(value / Min) / Math.Log(Max / Min) * Bins;
        return position <= 0 ? 0 : position >= Bins ? Bins - 1 : (int)position;
    }

    public double LowerEdge(int bin) => Edge(bin);

    public double UpperEdge(int bin) => Edge(bin + 1);

    private double Edge(int index) => Scale == HistogramScale.Linear
        ? Min + (Max - Min) * index / Bins
        : Min * Math.Pow(Max / Min, (double)index / Bins);

    internal void EnsureValid()
    {
        if (Bins < 1 || !double.IsFinite(Min) || !double.IsFinite(Max) || Max <= Min || Scale == HistogramScale.Logarithmic && Min <= 0)
        {
            throw new ArgumentException($"Histogram layout {this} is not usable: it needs at least one bin and finite Min < Max (Min > 0 when logarithmic).");
        }
    }
}
