namespace Keel.Reports;

/// <summary>The bounds of one report (<c>Keel:Reports</c>), so a long window cannot take unbounded memory.</summary>
public sealed class ReportOptions
{
    public const string Section = "Keel:Reports";

    /// <summary>At most this many judged windows are merged into a drift report, the newest; the rest are counted as omitted.</summary>
    public int MaxMergedWindows { get; set; } = 5000;

    /// <summary>At most this many labelled predictions are measured in a decay report, the latest labelled.</summary>
    public int MaxLabels { get; set; } = 100_000;

    /// <summary>Equal-width bins over the reference's range in a numeric feature's histogram.</summary>
    public int HistogramBins { get; set; } = 20;

    /// <summary>Categories drawn one by one; the rest share one bar.</summary>
    public int MaxCategories { get; set; } = 30;

    public void Validate()
    {
        if (MaxMergedWindows < 1 || MaxLabels < 1 || HistogramBins < 1 || MaxCategories < 1)
        {
            throw new ArgumentException($"{Section}: MaxMergedWindows, MaxLabels, HistogramBins and MaxCategories must be positive.");
        }
    }
}
