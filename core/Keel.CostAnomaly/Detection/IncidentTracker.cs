using Keel.CostAnomaly.Input;

namespace Keel.CostAnomaly.Detection;

/// <summary>
/// Consecutive anomalous hours of a series are one incident, announced once; it is announced again
/// only after the series recovered (a normal hour after its last anomalous one) or the cool-down passed.
/// </summary>
public sealed class IncidentTracker(TimeSpan cooldown)
{
    private readonly Dictionary<SeriesKey, Incident> _open = [];

    public int OpenCount => _open.Count;

    /// <summary>Whether this anomalous hour should be announced: it starts an incident, or the open one's cool-down has passed.</summary>
    public bool Anomalous(SeriesKey series, long hour, DateTimeOffset now)
    {
        if (_open.TryGetValue(series, out var incident))
        {
            incident.LastHour = Math.Max(incident.LastHour, hour);
            incident.Since = Math.Min(incident.Since, hour);
            return now - incident.AnnouncedAt >= cooldown;
        }
        _open[series] = new Incident { Since = hour, LastHour = hour, AnnouncedAt = DateTimeOffset.MinValue };
        return true;
    }

    /// <summary>The first anomalous hour of the series' open incident.</summary>
    public long? Since(SeriesKey series) => _open.TryGetValue(series, out var incident) ? incident.Since : null;

    /// <summary>Records that the incident was announced (or would have been, had the rate limit allowed it).</summary>
    public void Announced(SeriesKey series, DateTimeOffset now)
    {
        if (_open.TryGetValue(series, out var incident))
        {
            incident.AnnouncedAt = now;
        }
    }

    public void Normal(SeriesKey series, long hour)
    {
        if (_open.TryGetValue(series, out var incident) && hour > incident.LastHour)
        {
            _open.Remove(series);
        }
    }

    public void Forget(SeriesKey series) => _open.Remove(series);

    private sealed class Incident
    {
        public long Since { get; set; }

        public long LastHour { get; set; }

        public DateTimeOffset AnnouncedAt { get; set; }
    }
}
