namespace Keel.Drift.Metrics;

/// <summary>
/// Evidently's treatment of empty bins before PSI and Jensen–Shannon (get_binned_data with
/// feel_zeroes): each zero share is replaced by 0.0001, or by a millionth of the smallest non-zero
/// share when that is itself at most 0.0001, so an empty bin counts as rare rather than impossible.
/// The shares are not renormalised (Jensen–Shannon normalises them itself; PSI uses them as they are).
/// </summary>
public static class Smoothing
{
    public const double Epsilon = 0.0001;

    public static double[] FillZeros(IReadOnlyList<double> shares)
    {
        ArgumentNullException.ThrowIfNull(shares);
        var filled = shares.ToArray();
        var nonZero = filled.Where(s => s > 0).DefaultIfEmpty(0).Min();
        if (nonZero == 0)
        {
            return filled;
        }
        var fill = nonZero <= Epsilon ? nonZero / 1e6 : Epsilon;
        for (var i = 0; i < filled.Length; i++)
        {
            if (filled[i] == 0)
            {
                filled[i] = fill;
            }
        }
        return filled;
    }
}
