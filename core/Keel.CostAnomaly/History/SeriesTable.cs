using Keel.CostAnomaly.Input;

namespace Keel.CostAnomaly.History;

/// <summary>The tracked series, at most a fixed number: a new series evicts the quietest one.</summary>
public sealed class SeriesTable(CostAnomalyOptions options)
{
    private readonly Dictionary<SeriesKey, SeriesHistory> _series = [];

    public int Count => _series.Count;

    public long Evicted { get; private set; }

    public IEnumerable<SeriesHistory> All => _series.Values;

    public bool TryGet(SeriesKey key, out SeriesHistory history) => _series.TryGetValue(key, out history!);

    /// <summary>The series' history, created when new; returns the key evicted to make room, if any.</summary>
    public (SeriesHistory History, SeriesKey? Evicted) GetOrAdd(SeriesKey key, long hour)
    {
        if (_series.TryGetValue(key, out var found))
        {
            return (found, null);
        }
        SeriesKey? evicted = null;
        if (_series.Count >= options.MaxSeries)
        {
            // Quietest by cost kept, so the series that matter most to the bill are the ones watched.
            var quietest = _series.Values.MinBy(s => s.RetainedTotal + (double)s.Open.Values.Sum(o => o.Total))!;
            _series.Remove(quietest.Key);
            evicted = quietest.Key;
            Evicted++;
        }
        var created = new SeriesHistory(key, hour, options.HistoryWeeks, options.MaxContributorsPerSeries);
        _series.Add(key, created);
        return (created, evicted);
    }
}
