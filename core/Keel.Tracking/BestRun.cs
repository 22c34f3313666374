namespace Keel.Tracking;

/// <summary>Picks the winner of a hyper-parameter search among its child runs.</summary>
public static class BestRun
{
    /// <summary>
    /// The finished run with the best latest value of <paramref name="metric"/>. Failed and killed
    /// runs do not compete, since their metrics are partial, nor do runs whose value is NaN or
    /// missing. Of equal values the run that started first wins, so the choice is repeatable.
    /// Fails, naming the metrics the runs do have, when no run qualifies.
    /// </summary>
    public static Run Select(IEnumerable<Run> runs, string metric, bool higherIsBetter)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentException.ThrowIfNullOrWhiteSpace(metric);

        var all = runs.ToList();
        var candidates = all
            .Where(r => r.Status == RunStatus.Finished && r.Metrics.TryGetValue(metric, out var value) && !double.IsNaN(value))
            .OrderBy(r => higherIsBetter ? -r.Metrics[metric] : r.Metrics[metric])
            .ThenBy(r => r.StartTime)
            .ThenBy(r => r.Id, StringComparer.Ordinal)
            .ToList();
        if (candidates.Count > 0)
        {
            return candidates[0];
        }

        var finished = all.Count(r => r.Status == RunStatus.Finished);
        var known = all.SelectMany(r => r.Metrics.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        throw new InvalidOperationException(
            $"No finished run has a value for metric '{metric}' ({all.Count} runs, {finished} finished). " +
            (known.Count > 0 ? $"Metrics logged: {string.Join(", ", known)}." : "No run logged any metric."));
    }
}
