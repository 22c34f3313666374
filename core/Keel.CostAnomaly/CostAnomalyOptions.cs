namespace Keel.CostAnomaly;

/// <summary>
/// Cost anomaly detection (<c>Keel:FinOps:CostAnomaly</c>). Every setting has an embedded default.
/// </summary>
public sealed class CostAnomalyOptions
{
    public const string Section = "Keel:FinOps:CostAnomaly";

    /// <summary>How long after its end an hour still accepts events; a late event re-opens the hour and it is judged again.</summary>
    public TimeSpan Lateness { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Weeks of hourly totals kept per series; must exceed <see cref="SeasonWeeks"/> so the recent-level term has history too.</summary>
    public int HistoryWeeks { get; set; } = 5;

    /// <summary>At most this many series are tracked; a new one evicts the series with the least cost in its kept history.</summary>
    public int MaxSeries { get; set; } = 5_000;

    /// <summary>At most this many contributors per series; further ones are folded into <see cref="OtherContributor"/>.</summary>
    public int MaxContributorsPerSeries { get; set; } = 32;

    /// <summary>The seasonal baseline is the same hour of week over this many past weeks.</summary>
    public int SeasonWeeks { get; set; } = 4;

    /// <summary>No seasonal verdict before the hour-of-week slot has this many past weeks; the warm-up band is used instead.</summary>
    public int MinSeasonalObservations { get; set; } = 3;

    /// <summary>Half-width of the band in robust standard deviations.</summary>
    public double Z { get; set; } = 4;

    /// <summary>The band is never narrower than this either side of the expectation, in the series' currency.</summary>
    public double AbsoluteFloor { get; set; } = 1.0;

    /// <summary>The band is never narrower than this share of the expectation either side.</summary>
    public double RelativeFloor { get; set; } = 0.25;

    /// <summary>Hours judged against the recent level and used to follow a level shift.</summary>
    public int RecentHours { get; set; } = 24;

    /// <summary>During warm-up the band is the trailing week's median ± this many robust deviations: only gross jumps alert.</summary>
    public double WarmupZ { get; set; } = 8;

    /// <summary>No verdict at all before a series has this many hours of history.</summary>
    public int WarmupMinHours { get; set; } = 24;

    /// <summary>While an incident stays anomalous it is announced again after this long.</summary>
    public TimeSpan Cooldown { get; set; } = TimeSpan.FromHours(24);

    /// <summary>At most this many alerts in any hour across all series; the rest are counted as suppressed.</summary>
    public int MaxAlertsPerHour { get; set; } = 20;

    /// <summary>How many contributors an alert names.</summary>
    public int TopContributors { get; set; } = 3;

    public const string OtherContributor = "(other)";

    public const string UnattributedContributor = "(unattributed)";

    public void Validate()
    {
        if (SeasonWeeks < 1 || MinSeasonalObservations < 1 || MinSeasonalObservations > SeasonWeeks)
        {
            throw new ArgumentOutOfRangeException(nameof(MinSeasonalObservations), "need 1 <= MinSeasonalObservations <= SeasonWeeks");
        }
        if (HistoryWeeks <= SeasonWeeks)
        {
            throw new ArgumentOutOfRangeException(nameof(HistoryWeeks), "HistoryWeeks must exceed SeasonWeeks");
        }
        if (MaxSeries < 1 || MaxContributorsPerSeries < 1 || MaxAlertsPerHour < 0 || TopContributors < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxSeries), "limits must be positive");
        }
        if (Z <= 0 || WarmupZ <= 0 || AbsoluteFloor < 0 || RelativeFloor < 0 || RecentHours < 1 || WarmupMinHours < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Z), "band settings must be positive");
        }
        if (Lateness < TimeSpan.Zero || Cooldown < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Lateness), "durations must not be negative");
        }
    }
}
