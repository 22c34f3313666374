namespace Keel.Gates.Metrics;

/// <summary>One point of a ROC curve: the false and true positive rates at some threshold.</summary>
public sealed record RocPoint(double Fpr, double Tpr);

/// <summary>A ROC curve from (0,0) to (1,1), and the area under it.</summary>
public sealed record RocCurve(IReadOnlyList<RocPoint> Points, double Auc);

/// <summary>The area under the ROC curve and the curve itself, from labels and scores.</summary>
public static class Roc
{
    /// <summary>
    /// AUC as the Mann–Whitney statistic: the probability that a random positive scores higher than
    /// a random negative, ties counting one half (tied scores share their average rank). Null when
    /// the holdout has only one class, where AUC is undefined.
    /// </summary>
    public static double? Auc(IReadOnlyList<bool> labels, IReadOnlyList<double> scores)
    {
        var positives = labels.Count(l => l);
        var negatives = labels.Count - positives;
        if (positives == 0 || negatives == 0)
        {
            return null;
        }
        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        var positiveRankSum = 0.0;
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end < order.Length && scores[order[end]] == scores[order[start]])
            {
                end++;
            }
            // Ranks start+1 … end are tied; each tied row gets their mean.
            var rank = (start + 1 + end) / 2.0;
            for (var k = start; k < end; k++)
            {
                if (labels[order[k]])
                {
                    positiveRankSum += rank;
                }
            }
            start = end;
        }
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }

    /// <summary>
    /// The curve, one point per distinct score (tied scores move both rates at once, so ties draw a
    /// diagonal segment), thinned to at most <paramref name="maxPoints"/> for charts. Null when the
    /// holdout has only one class.
    /// </summary>
    public static RocCurve? Curve(IReadOnlyList<bool> labels, IReadOnlyList<double> scores, int maxPoints = 256)
    {
        if (Auc(labels, scores) is not { } auc)
        {
            return null;
        }
        var positives = labels.Count(l => l);
        var negatives = labels.Count - positives;
        var order = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ToArray();
        var points = new List<RocPoint> { new(0, 0) };
        int tp = 0, fp = 0;
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end < order.Length && scores[order[end]] == scores[order[start]])
            {
                if (labels[order[end]]) tp++; else fp++;
                end++;
            }
            points.Add(new RocPoint((double)fp / negatives, (double)tp / positives));
            start = end;
        }
        return new RocCurve(Thin(points, Math.Max(2, maxPoints)), auc);
    }

    private static IReadOnlyList<RocPoint> Thin(List<RocPoint> points, int maxPoints)
    {
        if (points.Count <= maxPoints)
        {
            return points;
        }
        // Evenly spaced by index, always keeping both ends: the curve is monotone, so the chart keeps its shape.
        var step = (points.Count - 1) / (double)(maxPoints - 1);
        return Enumerable.Range(0, maxPoints).Select(k => points[(int)Math.Round(k * step)]).ToArray();
    }
}
