using Keel.CostAnomaly.Alerts;
using Keel.CostAnomaly.Baseline;
using Keel.CostAnomaly.History;
using Keel.CostAnomaly.Input;
using Keel.Events;

namespace Keel.CostAnomaly.Detection;

/// <summary>
/// Sums metered cost per series and hour, judges each hour once it has ended against the series'
/// seasonal band, and turns anomalous hours into deduplicated, rate-limited alerts. Not thread-safe:
/// one consumer drives it.
/// </summary>
public sealed class CostAnomalyDetector
{
    private readonly CostAnomalyOptions _options;
    private readonly TimeProvider _clock;
    private readonly SeriesTable _series;
    private readonly SeasonalBaseline _baseline;
    private readonly IncidentTracker _incidents;
    private readonly AlertRateLimit _rateLimit;

    public CostAnomalyDetector(CostAnomalyOptions options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _series = new SeriesTable(options);
        _baseline = new SeasonalBaseline(options);
        _incidents = new IncidentTracker(options.Cooldown);
        _rateLimit = new AlertRateLimit(options.MaxAlertsPerHour);
    }

    public int SeriesCount => _series.Count;

    public long EvictedSeries => _series.Evicted;

    /// <summary>Events refused because their hour had closed (ended longer ago than the lateness allows) or lies in the future.</summary>
    public long Rejected { get; private set; }

    public long SuppressedAlerts => _rateLimit.Suppressed;

    public bool IsTracked(SeriesKey series) => _series.TryGet(series, out _);

    /// <summary>The history a series holds, for callers that check memory stays bounded.</summary>
    public (int HourCapacity, int Contributors, int OpenHours)? Footprint(SeriesKey series) =>
        _series.TryGet(series, out var history) ? (history.Capacity, history.KnownContributors, history.Open.Count) : null;

    /// <summary>Adds metered cost to its series' hour; false when the hour is closed or not yet begun.</summary>
    public bool Record(MeteredCost cost)
    {
        ArgumentNullException.ThrowIfNull(cost);
        var now = _clock.GetUtcNow();
        var hour = Hours.Of(cost.HourStart);
        if (Hours.End(hour) + _options.Lateness < now || Hours.Start(hour) > now)
        {
            Rejected++;
            return false;
        }
        var (history, evicted) = _series.GetOrAdd(cost.Series, hour);
        if (evicted is not null)
        {
            _incidents.Forget(evicted);
        }
        history.Add(hour, cost.Amount, cost.Contributors);
        return true;
    }

    /// <summary>Judges every ended hour that is new or changed since it was judged, oldest first, and closes hours past their lateness.</summary>
    public DetectionResult Evaluate()
    {
        var now = _clock.GetUtcNow();
        var current = Hours.Of(now);
        var due = _series.All
            .SelectMany(s => s.Open.Values.Where(o => o.Dirty && o.Hour < current).Select(o => (Series: s, Open: o)))
            .OrderBy(d => d.Open.Hour)
            .ThenBy(d => d.Series.Key.ToString(), StringComparer.Ordinal)
            .ToList();
        var verdicts = new List<AnomalyVerdict>(due.Count);
        var alerts = new List<CostAnomalyAlert>();
        var suppressed = 0;
        foreach (var (series, open) in due)
        {
            var verdict = Judge(series, open);
            verdicts.Add(verdict);
            switch (Announce(series.Key, open.Hour, verdict, now))
            {
                case Announcement.Send:
                    alerts.Add(Alert(series, open, verdict, now));
                    break;
                case Announcement.Suppressed:
                    suppressed++;
                    break;
            }
            // Learnt after ranking, so an alert compares contributors with their shares before this hour.
            if (!open.Judged)
            {
                open.Judged = true;
                series.LearnShares(open.Total, open.Contributors);
            }
        }
        Close(now);
        return new DetectionResult(verdicts, alerts, suppressed);
    }

    private AnomalyVerdict Judge(SeriesHistory series, OpenHour open)
    {
        var band = _baseline.For(series, open.Hour);
        var observed = (double)open.Total;
        series.Write(open.Hour, observed);
        open.Dirty = false;
        return new AnomalyVerdict(series.Key, Hours.Start(open.Hour), open.Total, band, band.Score(observed), band.Exceeded(observed));
    }

    private Announcement Announce(SeriesKey series, long hour, AnomalyVerdict verdict, DateTimeOffset now)
    {
        if (!verdict.Anomalous)
        {
            _incidents.Normal(series, hour);
            return Announcement.None;
        }
        if (!_incidents.Anomalous(series, hour, now))
        {
            return Announcement.None;
        }
        // A suppressed incident counts as announced: the limit exists to stop a flood, not to defer it.
        _incidents.Announced(series, now);
        return _rateLimit.TryTake(now) ? Announcement.Send : Announcement.Suppressed;
    }

    private CostAnomalyAlert Alert(SeriesHistory series, OpenHour open, AnomalyVerdict verdict, DateTimeOffset now)
    {
        var band = verdict.Band;
        var top = ContributorRanking.Top(open.Contributors, series.Shares, band.Expected, _options.TopContributors);
        return new CostAnomalyAlert(
            series.Key.Tag("tenant") is { } tenant && TenantName.IsValid(tenant) ? tenant : TenantName.Default,
            series.Key,
            verdict.Hour,
            open.Total,
            Money.Round(band.Expected),
            Money.Round(band.Lower),
            Money.Round(band.Upper),
            verdict.Score,
            band.Basis,
            band.Level,
            top,
            Hours.Start(_incidents.Since(series.Key) ?? open.Hour),
            now);
    }

    private void Close(DateTimeOffset now)
    {
        foreach (var series in _series.All)
        {
            foreach (var hour in series.Open.Keys.Where(h => Hours.End(h) + _options.Lateness < now).ToList())
            {
                series.Open.Remove(hour);
            }
        }
    }

    private enum Announcement
    {
        None,
        Send,
        Suppressed,
    }
}
