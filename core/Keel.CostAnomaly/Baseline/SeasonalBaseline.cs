using Keel.CostAnomaly.History;

namespace Keel.CostAnomaly.Baseline;

/// <summary>
/// The band an hour is judged against. The expectation is the median of the same hour of week over
/// the past weeks; if the last day ran above its own seasonal expectations, the expectation is raised
/// by that ratio, so a lasting step up is one incident rather than weeks of them. It is never lowered:
/// a quiet day must not make the return to normal look like a spike.
/// </summary>
public sealed class SeasonalBaseline(CostAnomalyOptions options)
{
    public ExpectedBand For(SeriesHistory series, long hour)
    {
        var same = SameSlot(series, hour);
        if (same.Count >= options.MinSeasonalObservations)
        {
            return Seasonal(series, hour, same);
        }
        return Warmup(series, hour);
    }

    private ExpectedBand Seasonal(SeriesHistory series, long hour, List<double> same)
    {
        var median = Robust.Median(same);
        var mad = Robust.Mad(same, median);
        var level = Math.Max(1, RecentLevel(series, hour));
        var expected = median * level;
        // A MAD of three or four values can be near zero by chance. The series' own prediction error,
        // pooled over every slot, keeps such a slot from alerting on noise; cost noise is multiplicative,
        // so that term is a factor on the expectation.
        var pooled = expected * (Math.Exp(options.Z * PredictionSigma(series, hour)) - 1);
        var half = Math.Max(
            Math.Max(options.Z * Robust.MadToSigma * mad * level, pooled),
            Math.Max(options.AbsoluteFloor, options.RelativeFloor * expected));
        return new ExpectedBand(BandBasis.Seasonal, expected, Math.Max(0, expected - half), expected + half, level, options.Z);
    }

    private ExpectedBand Warmup(SeriesHistory series, long hour)
    {
        var trailing = new List<double>(Hours.PerWeek);
        for (var back = 1; back <= Hours.PerWeek; back++)
        {
            if (series.ValueAt(hour - back) is { } value)
            {
                trailing.Add(value);
            }
        }
        if (trailing.Count < options.WarmupMinHours)
        {
            return ExpectedBand.None;
        }
        var median = Robust.Median(trailing);
        var mad = Robust.Mad(trailing, median);
        var half = Math.Max(options.WarmupZ * Robust.MadToSigma * mad, Math.Max(options.AbsoluteFloor, options.RelativeFloor * median));
        return new ExpectedBand(BandBasis.Warmup, median, Math.Max(0, median - half), median + half, 1, options.WarmupZ);
    }

    private List<double> SameSlot(SeriesHistory series, long hour)
    {
        var values = new List<double>(options.SeasonWeeks);
        for (var week = 1; week <= options.SeasonWeeks; week++)
        {
            if (series.ValueAt(hour - week * Hours.PerWeek) is { } value)
            {
                values.Add(value);
            }
        }
        return values;
    }

    /// <summary>The median ratio of the last hours to their seasonal expectations; 1 when too few can be formed.</summary>
    private double RecentLevel(SeriesHistory series, long hour)
    {
        var ratios = new List<double>(options.RecentHours);
        for (var back = 1; back <= options.RecentHours; back++)
        {
            var past = hour - back;
            if (series.ValueAt(past) is not { } actual)
            {
                continue;
            }
            var same = SameSlot(series, past);
            if (same.Count < options.MinSeasonalObservations)
            {
                continue;
            }
            var expected = Robust.Median(same);
            if (expected > 0)
            {
                ratios.Add(actual / expected);
            }
        }
        return ratios.Count * 2 >= options.RecentHours ? Robust.Median(ratios) : 1;
    }

    /// <summary>
    /// How far an hour typically lies from the median of the same slot in other weeks, as a relative
    /// standard deviation: each value of the season window is compared with the median of the other
    /// weeks' values of its slot (left out, so the spread is that of a prediction, not of a fit).
    /// </summary>
    private double PredictionSigma(SeriesHistory series, long hour)
    {
        var residuals = new List<double>(Hours.PerWeek * options.SeasonWeeks);
        var slot = new List<double>(options.SeasonWeeks);
        var others = new List<double>(options.SeasonWeeks);
        for (var back = 1; back <= Hours.PerWeek; back++)
        {
            slot.Clear();
            for (var week = 0; week < options.SeasonWeeks; week++)
            {
                if (series.ValueAt(hour - back - week * Hours.PerWeek) is { } value and > 0)
                {
                    slot.Add(value);
                }
            }
            for (var i = 0; i < slot.Count && slot.Count >= 2; i++)
            {
                others.Clear();
                for (var j = 0; j < slot.Count; j++)
                {
                    if (j != i)
                    {
                        others.Add(slot[j]);
                    }
                }
                residuals.Add(Math.Abs(Math.Log(slot[i] / Robust.Median(others))));
            }
        }
        return residuals.Count == 0 ? 0 : Robust.MadToSigma * Robust.Median(residuals);
    }
}
