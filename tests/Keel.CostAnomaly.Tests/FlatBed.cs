using Keel.CostAnomaly.Detection;
using Keel.CostAnomaly.Input;

namespace Keel.CostAnomaly.Tests;

/// <summary>Flat series with a one-week season, so a test reaches seasonal verdicts in a few hundred hours.</summary>
public sealed class FlatBed
{
    public static readonly DateTimeOffset Start = new(2025, 6, 2, 0, 0, 0, TimeSpan.Zero);

    public FlatBed(Action<CostAnomalyOptions>? configure = null)
    {
        Options = new CostAnomalyOptions { SeasonWeeks = 1, MinSeasonalObservations = 1, HistoryWeeks = 2 };
        configure?.Invoke(Options);
        Clock = new ManualClock(Start);
        Detector = new CostAnomalyDetector(Options, Clock);
    }

    public CostAnomalyOptions Options { get; }

    public ManualClock Clock { get; }

    public CostAnomalyDetector Detector { get; }

    public int Hour { get; private set; }

    public static SeriesKey Series(int n) => SeriesKey.Of(("tenant", "acme"), ("team", "t" + n));

    public DateTimeOffset HourStart(int hour) => Start.AddHours(hour);

    /// <summary>Meters one hour for each series (amount by series index), then evaluates just after it ends.</summary>
    public DetectionResult Step(params decimal[] amounts)
    {
        Clock.Now = HourStart(Hour).AddMinutes(30);
        for (var n = 0; n < amounts.Length; n++)
        {
            Assert.True(Detector.Record(new MeteredCost(Series(n), Clock.Now, amounts[n],
                new Dictionary<string, decimal> { ["compute"] = amounts[n] })));
        }
        Hour++;
        Clock.Now = HourStart(Hour).AddMinutes(1);
        return Detector.Evaluate();
    }

    /// <summary>A week of flat cost, so every later hour has its slot.</summary>
    public void Week(params decimal[] amounts)
    {
        for (var i = 0; i < 168; i++)
        {
            Assert.Empty(Step(amounts).Alerts);
        }
    }
}
