namespace Keel.CostAnomaly.Tests;

public class IncidentTests
{
    [Fact]
    public void Consecutive_anomalous_hours_are_one_alert_and_a_new_incident_follows_recovery()
    {
        var bed = new FlatBed();
        bed.Week(10m);

        var alerts = new List<Alerts.CostAnomalyAlert>();
        for (var i = 0; i < 5; i++)
        {
            alerts.AddRange(bed.Step(50m).Alerts);
        }
        Assert.Single(alerts);
        Assert.Equal(bed.HourStart(168), alerts[0].IncidentSince);

        Assert.Empty(bed.Step(10m).Alerts);
        var again = bed.Step(50m).Alerts;

        var second = Assert.Single(again);
        Assert.Equal(bed.HourStart(174), second.IncidentSince);
    }

    [Fact]
    public void A_lasting_incident_is_announced_again_once_the_cooldown_has_passed()
    {
        var bed = new FlatBed(o => o.Cooldown = TimeSpan.FromHours(3));
        bed.Week(10m);

        var alerts = new List<Alerts.CostAnomalyAlert>();
        for (var i = 0; i < 8; i++)
        {
            alerts.AddRange(bed.Step(50m).Alerts);
        }

        Assert.Equal(3, alerts.Count);
        Assert.All(alerts, a => Assert.Equal(bed.HourStart(168), a.IncidentSince));
        Assert.Equal([bed.HourStart(168), bed.HourStart(171), bed.HourStart(174)], alerts.Select(a => a.Hour));
    }

    [Fact]
    public void At_most_the_hourly_limit_of_alerts_is_sent_and_the_rest_are_counted_as_suppressed()
    {
        var bed = new FlatBed(o => o.MaxAlertsPerHour = 2);
        bed.Week(10m, 10m, 10m, 10m, 10m);

        var spike = bed.Step(50m, 50m, 50m, 50m, 50m);

        Assert.Equal(2, spike.Alerts.Count);
        Assert.Equal(3, spike.Suppressed);
        Assert.Equal(3, bed.Detector.SuppressedAlerts);
        Assert.Equal(5, spike.Verdicts.Count(v => v.Anomalous));
        // The suppressed incidents stay deduplicated: they do not flood in once the limit frees up.
        bed.Step(10m, 10m, 10m, 10m, 10m);
        var later = bed.Step(10m, 10m, 50m, 10m, 10m);
        Assert.Single(later.Alerts);
        Assert.Equal(0, later.Suppressed);
    }

    [Fact]
    public void A_flat_series_does_not_alert_on_a_cent()
    {
        var bed = new FlatBed();
        bed.Week(0.10m);

        var result = bed.Step(0.11m);

        Assert.Empty(result.Alerts);
        Assert.False(Assert.Single(result.Verdicts).Anomalous);
    }
}
