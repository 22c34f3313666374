using Keel.CostAnomaly.Baseline;

namespace Keel.CostAnomaly.Tests;

public class SeasonalityTests
{
    // Tuesday of the fourth week, 14:00: three past weeks of the slot, so the seasonal band judges it.
    private const int SpikeHour = 22 * 24 + 14;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void A_month_of_normal_weekly_seasonality_raises_no_alert(int seed)
    {
        var run = SyntheticCosts.Run(new SyntheticCosts(seed));

        Assert.Empty(run.Alerts);
        // The month was judged, not waved through: the last week and a half against the seasonal band.
        Assert.True(run.Verdicts.Count(v => v.Band.Basis == BandBasis.Seasonal) > 3 * 200);
        Assert.True(run.Verdicts.Count(v => v.Band.Basis == BandBasis.Warmup) > 3 * 400);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void An_injected_spike_raises_one_alert_naming_the_contributor_that_spiked(int seed)
    {
        var costs = new SyntheticCosts(seed);
        costs.Changes.Add((SyntheticCosts.Risk, SpikeHour, 2, "gpu", 5.0));

        var run = SyntheticCosts.Run(costs);

        var alert = Assert.Single(run.Alerts);
        Assert.Equal(SyntheticCosts.Risk, alert.Series);
        Assert.Equal(SyntheticCosts.Start.AddHours(SpikeHour), alert.Hour);
        Assert.Equal(BandBasis.Seasonal, alert.Basis);
        Assert.Equal("gpu", alert.TopContributors[0].Contributor);
        Assert.True(alert.Observed > alert.Upper);
        Assert.InRange(alert.Expected, 80m, 120m);
        Assert.True(alert.Lower < alert.Expected && alert.Expected < alert.Upper);
        Assert.True(alert.Observed > 2.5m * alert.Expected);
        Assert.True(alert.Score > 4);
        // Both spiking hours were anomalous; the second belongs to the same incident.
        var anomalous = run.Verdicts.Where(v => v.Anomalous).ToList();
        Assert.Equal(2, anomalous.Count);
        Assert.All(anomalous, v => Assert.Equal(SyntheticCosts.Risk, v.Series));
    }

    [Fact]
    public void A_lasting_step_up_is_one_incident_and_the_band_follows_it_within_a_day()
    {
        const int shift = 23 * 24 + 10;
        var costs = new SyntheticCosts(7);
        costs.Changes.Add((SyntheticCosts.Fraud, shift, SyntheticCosts.Hours, null, 2.0));

        var run = SyntheticCosts.Run(costs);

        var alert = Assert.Single(run.Alerts);
        Assert.Equal(SyntheticCosts.Fraud, alert.Series);
        Assert.Equal(SyntheticCosts.Start.AddHours(shift), alert.Hour);
        var settled = SyntheticCosts.Start.AddHours(shift + 24);
        var after = run.Verdicts.Where(v => v.Series.Equals(SyntheticCosts.Fraud) && v.Hour >= settled).ToList();
        Assert.NotEmpty(after);
        Assert.DoesNotContain(after, v => v.Anomalous);
        Assert.All(after, v => Assert.True(v.Band.Level > 1.5));
    }
}
