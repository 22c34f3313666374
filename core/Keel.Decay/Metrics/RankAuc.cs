namespace Keel.Decay.Metrics;

/// <summary>
/// The exact area under the ROC curve from ranks (the Mann–Whitney U statistic over
/// positives × negatives): tied scores share their mean rank, so a tie between a positive and a
/// negative counts one half, as the trapezoidal ROC area does.
/// </summary>
public static class RankAuc
{
    /// <summary>Null when the sample lacks either class: the area is undefined then.</summary>
    public static double? Compute(IReadOnlyList<LabelledScore> sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var positives = sample.Count(s => s.Positive);
        var negatives = sample.Count - positives;
        if (positives == 0 || negatives == 0)
        {
            return null;
        }
        var ordered = sample.OrderBy(s => s.Score).ToArray();
        double positiveRankSum = 0;
        var start = 0;
        while (start < ordered.Length)
        {
            var end = start;
            while (end + 1 < ordered.Length && ordered[end + 1].Score == ordered[start].Score)
            {
                end++;
            }
            // Ranks are 1-based; the run start..end shares the mean of ranks start+1..end+1.
            var meanRank = (start + end + 2) / 2.0;
            for (var i = start; i <= end; i++)
            {
                if (ordered[i].Positive)
                {
                    positiveRankSum += meanRank;
                }
            }
            start = end + 1;
        }
        var u = positiveRankSum - positives * (positives + 1) / 2.0;
        return u / ((double)positives * negatives);
    }
}
