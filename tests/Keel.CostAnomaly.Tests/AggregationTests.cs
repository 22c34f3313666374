using Keel.CostAnomaly.Input;

namespace Keel.CostAnomaly.Tests;

public class AggregationTests
{
    [Fact]
    public void Events_of_the_same_series_and_hour_are_summed_whatever_the_tag_order()
    {
        var bed = new FlatBed();
        bed.Clock.Now = FlatBed.Start.AddMinutes(50);
        var key = SeriesKey.Of(("team", "risk"), ("tenant", "acme"));
        var same = SeriesKey.Of(("tenant", "acme"), ("team", "risk"));

        bed.Detector.Record(new MeteredCost(key, FlatBed.Start.AddMinutes(1), 2.5m));
        bed.Detector.Record(new MeteredCost(same, FlatBed.Start.AddMinutes(49), 4m));
        bed.Clock.Now = FlatBed.Start.AddHours(1);

        var verdict = Assert.Single(bed.Detector.Evaluate().Verdicts);
        Assert.Equal(6.5m, verdict.Observed);
        Assert.Equal(FlatBed.Start, verdict.Hour);
        Assert.Equal(1, bed.Detector.SeriesCount);
    }

    [Fact]
    public void A_late_event_within_the_lateness_reopens_its_hour_and_one_beyond_is_refused()
    {
        var bed = new FlatBed(o => o.Lateness = TimeSpan.FromHours(2));
        bed.Week(10m);
        Assert.False(Assert.Single(bed.Step(10m).Verdicts).Anomalous);
        var judged = bed.HourStart(168);

        bed.Clock.Now = judged.AddHours(2).AddMinutes(30);
        Assert.True(bed.Detector.Record(new MeteredCost(FlatBed.Series(0), judged.AddMinutes(10), 40m)));
        var reopened = bed.Detector.Evaluate();

        var verdict = Assert.Single(reopened.Verdicts);
        Assert.Equal(judged, verdict.Hour);
        Assert.Equal(50m, verdict.Observed);
        Assert.True(verdict.Anomalous);
        Assert.Equal(judged, Assert.Single(reopened.Alerts).Hour);

        bed.Clock.Now = judged.AddHours(3).AddMinutes(1);
        Assert.False(bed.Detector.Record(new MeteredCost(FlatBed.Series(0), judged.AddMinutes(20), 40m)));
        Assert.Equal(1, bed.Detector.Rejected);
        Assert.Empty(bed.Detector.Evaluate().Verdicts);
    }

    [Fact]
    public void Events_for_an_hour_not_yet_begun_are_refused()
    {
        var bed = new FlatBed();

        Assert.False(bed.Detector.Record(new MeteredCost(FlatBed.Series(0), FlatBed.Start.AddHours(2), 1m)));
        Assert.Equal(1, bed.Detector.Rejected);
    }
}
