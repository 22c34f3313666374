using Keel.CostAnomaly.Input;

namespace Keel.CostAnomaly.Tests;

public class MemoryBoundTests
{
    [Fact]
    public void A_new_series_beyond_the_limit_evicts_the_quietest()
    {
        var bed = new FlatBed(o => o.MaxSeries = 3);
        for (var i = 0; i < 24; i++)
        {
            bed.Step(30m, 1m, 20m);
        }

        bed.Clock.Now = bed.HourStart(bed.Hour).AddMinutes(5);
        Assert.True(bed.Detector.Record(new MeteredCost(FlatBed.Series(3), bed.Clock.Now, 5m)));

        Assert.Equal(3, bed.Detector.SeriesCount);
        Assert.Equal(1, bed.Detector.EvictedSeries);
        Assert.False(bed.Detector.IsTracked(FlatBed.Series(1)));
        Assert.True(bed.Detector.IsTracked(FlatBed.Series(0)));
        Assert.True(bed.Detector.IsTracked(FlatBed.Series(2)));
        Assert.True(bed.Detector.IsTracked(FlatBed.Series(3)));
    }

    [Fact]
    public void History_open_hours_and_contributors_stay_within_their_limits()
    {
        var bed = new FlatBed(o =>
        {
            o.HistoryWeeks = 2;
            o.MaxContributorsPerSeries = 4;
            o.Lateness = TimeSpan.FromHours(2);
        });
        var series = FlatBed.Series(0);
        for (var hour = 0; hour < 3 * 168; hour++)
        {
            bed.Clock.Now = bed.HourStart(hour).AddMinutes(30);
            var parts = Enumerable.Range(0, 10).ToDictionary(i => $"sku-{(hour + i) % 40}", _ => 1m);
            Assert.True(bed.Detector.Record(new MeteredCost(series, bed.Clock.Now, 10m, parts)));
            bed.Clock.Now = bed.HourStart(hour + 1).AddMinutes(1);
            bed.Detector.Evaluate();
        }

        var footprint = bed.Detector.Footprint(series)!.Value;
        Assert.Equal(2 * 168, footprint.HourCapacity);
        Assert.Equal(4, footprint.Contributors);
        Assert.InRange(footprint.OpenHours, 1, 3);
    }
}
