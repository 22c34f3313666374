using Keel.CostAnomaly.Input;

namespace Keel.CostAnomaly.History;

/// <summary>
/// One series' memory: hourly totals for a fixed number of weeks (a ring, so its size never grows),
/// the hours still open to late events, and each contributor's usual share of the total.
/// </summary>
public sealed class SeriesHistory
{
    private readonly double[] _values;
    private readonly long[] _hours;
    private readonly int _maxContributors;
    private readonly Dictionary<string, double> _shares = new(StringComparer.Ordinal);
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);
    private int _sharedHours;

    public SeriesHistory(SeriesKey key, long firstHour, int weeks, int maxContributors)
    {
        Key = key;
        FirstHour = firstHour;
        LatestHour = firstHour - 1;
        _values = new double[weeks * Hours.PerWeek];
        _hours = new long[_values.Length];
        Array.Fill(_hours, long.MinValue);
        _maxContributors = maxContributors;
    }

    public SeriesKey Key { get; }

    /// <summary>The first hour the series was seen: earlier hours are unknown, later hours without cost are zero.</summary>
    public long FirstHour { get; private set; }

    public long LatestHour { get; private set; }

    /// <summary>Cost over the kept history: the measure of how quiet a series is.</summary>
    public double RetainedTotal { get; private set; }

    public SortedDictionary<long, OpenHour> Open { get; } = [];

    public int Capacity => _values.Length;

    public IReadOnlyDictionary<string, double> Shares => _shares;

    public void Add(long hour, decimal amount, IReadOnlyDictionary<string, decimal>? contributors)
    {
        if (!Open.TryGetValue(hour, out var open))
        {
            open = new OpenHour(hour);
            Open.Add(hour, open);
        }
        var attributed = 0m;
        foreach (var (name, part) in contributors ?? new Dictionary<string, decimal>())
        {
            open.AddPart(ContributorName(name), part);
            attributed += part;
        }
        if (amount != attributed)
        {
            open.AddPart(ContributorName(CostAnomalyOptions.UnattributedContributor), amount - attributed);
        }
        open.AddTotal(amount);
        FirstHour = Math.Min(FirstHour, hour);
    }

    /// <summary>The total of a past hour: null before the series began or beyond the kept history, zero when nothing was metered.</summary>
    public double? ValueAt(long hour)
    {
        if (hour < FirstHour || hour <= LatestHour - Capacity)
        {
            return null;
        }
        var slot = Slot(hour);
        return _hours[slot] == hour ? _values[slot] : 0;
    }

    public void Write(long hour, double total)
    {
        if (hour <= LatestHour - Capacity)
        {
            return;
        }
        if (hour > LatestHour)
        {
            // The slots passed over now belong to the new hours: what they held has left the history.
            for (var h = Math.Max(LatestHour + 1, hour - Capacity + 1); h <= hour; h++)
            {
                var passed = Slot(h);
                if (_hours[passed] != long.MinValue)
                {
                    RetainedTotal -= _values[passed];
                    _hours[passed] = long.MinValue;
                    _values[passed] = 0;
                }
            }
            LatestHour = hour;
        }
        var slot = Slot(hour);
        if (_hours[slot] == hour)
        {
            RetainedTotal -= _values[slot];
        }
        _hours[slot] = hour;
        _values[slot] = total;
        RetainedTotal += total;
    }

    /// <summary>Moves each contributor's usual share towards this hour's: a running mean for the first week, then a week-long moving average.</summary>
    public void LearnShares(decimal total, IReadOnlyDictionary<string, decimal> contributors)
    {
        if (total <= 0)
        {
            return;
        }
        _sharedHours++;
        var weight = Math.Max(1.0 / _sharedHours, 1.0 / Hours.PerWeek);
        foreach (var name in _shares.Keys.ToList())
        {
            _shares[name] *= 1 - weight;
        }
        foreach (var (name, part) in contributors)
        {
            _shares[name] = _shares.GetValueOrDefault(name) + weight * (double)(part / total);
        }
    }

    private string ContributorName(string name)
    {
        if (_known.Contains(name) || (_known.Count < _maxContributors && _known.Add(name)))
        {
            return name;
        }
        return CostAnomalyOptions.OtherContributor;
    }

    /// <summary>Contributors tracked by name; any others are folded into one.</summary>
    public int KnownContributors => _known.Count;

    private int Slot(long hour) => (int)(((hour % Capacity) + Capacity) % Capacity);
}
