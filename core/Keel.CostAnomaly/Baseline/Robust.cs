namespace Keel.CostAnomaly.Baseline;

/// <summary>Median and median absolute deviation: one outlier in the history moves neither far.</summary>
public static class Robust
{
    /// <summary>Scales a MAD to a standard deviation for normally distributed values.</summary>
    public const double MadToSigma = 1.4826;

    public static double Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }
        values.Sort();
        var middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    public static double Mad(List<double> values, double median)
    {
        var deviations = new List<double>(values.Count);
        foreach (var value in values)
        {
            deviations.Add(Math.Abs(value - median));
        }
        return Median(deviations);
    }
}
