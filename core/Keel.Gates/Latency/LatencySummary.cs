namespace Keel.Gates.Latency;

/// <summary>The distribution of the timed single-row scorings, in milliseconds.</summary>
public sealed record LatencySummary(int Samples, double MeanMs, double P50Ms, double P95Ms, double P99Ms, double MaxMs, double BudgetMs)
{
    public static LatencySummary Of(IReadOnlyList<TimeSpan> timings, double budgetMs)
    {
        var sorted = timings.Select(t => t.TotalMilliseconds).Order().ToArray();
        return new LatencySummary(sorted.Length, sorted.Average(), Percentile(sorted, 50), Percentile(sorted, 95), Percentile(sorted, 99), sorted[^1], budgetMs);
    }

    /// <summary>The nearest-rank percentile: the smallest timing at or above which lie p percent of the timings.</summary>
    public static double Percentile(double[] sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
}
