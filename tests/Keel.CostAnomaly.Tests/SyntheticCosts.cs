using Keel.CostAnomaly.Input;

namespace Keel.CostAnomaly.Tests;

/// <summary>
/// A month of hourly cost for a few series: busy weekday days, quiet nights and weekends,
/// multiplicative noise, and single outlier hours in the first weeks. Seeded, so every run is the same.
/// </summary>
public sealed class SyntheticCosts
{
    public static readonly DateTimeOffset Start = new(2025, 3, 3, 0, 0, 0, TimeSpan.Zero); // a Monday
    public const int Hours = 30 * 24;

    public static readonly SeriesKey Risk = SeriesKey.Of(("tenant", "acme"), ("team", "risk"), ("model", "pd"));
    public static readonly SeriesKey Fraud = SeriesKey.Of(("tenant", "acme"), ("team", "fraud"), ("model", "fd"));
    public static readonly SeriesKey Churn = SeriesKey.Of(("tenant", "beta"), ("team", "ops"), ("model", "churn"));

    private static readonly (SeriesKey Key, double Level)[] Series = [(Risk, 100), (Fraud, 40), (Churn, 10)];
    private static readonly (string Name, double Share)[] Parts = [("gpu", 0.6), ("egress", 0.3), ("storage", 0.1)];

    private readonly int _seed;

    public SyntheticCosts(int seed) => _seed = seed;

    /// <summary>Multiplies one contributor of one series over some hours.</summary>
    public List<(SeriesKey Series, int FromHour, int Hours, string? Contributor, double Factor)> Changes { get; } = [];

    /// <summary>Hour indexes (from the start) that get a single-hour outlier on every series.</summary>
    public List<int> Outliers { get; } = [30, 100, 250, 333, 420];

    public double OutlierFactor { get; set; } = 1.8;

    public IEnumerable<MeteredCost> Hour(int index)
    {
        var random = new Random(_seed * 100_003 + index);
        var at = Start.AddHours(index);
        foreach (var (key, level) in Series)
        {
            var total = level * Profile(at) * Math.Exp(0.1 * Gaussian(random));
            if (Outliers.Contains(index))
            {
                total *= OutlierFactor;
            }
            var parts = new Dictionary<string, decimal>(StringComparer.Ordinal);
            foreach (var (name, share) in Parts)
            {
                var part = total * share * Math.Exp(0.05 * Gaussian(random));
                foreach (var change in Changes.Where(c => c.Series.Equals(key) && index >= c.FromHour && index < c.FromHour + c.Hours))
                {
                    if (change.Contributor is null || change.Contributor == name)
                    {
                        part *= change.Factor;
                    }
                }
                parts[name] = Math.Round((decimal)part, 4);
            }
            // Two events per hour: the detector has to sum them.
            var half = parts.ToDictionary(p => p.Key, p => Math.Round(p.Value / 2, 4));
            var rest = parts.ToDictionary(p => p.Key, p => p.Value - half[p.Key]);
            yield return new MeteredCost(key, at.AddMinutes(5), half.Values.Sum(), half);
            yield return new MeteredCost(key, at.AddMinutes(40), rest.Values.Sum(), rest);
        }
    }

    /// <summary>Feeds the month hour by hour, evaluating just after each hour ends.</summary>
    public static MonthRun Run(SyntheticCosts costs, CostAnomalyOptions? options = null)
    {
        var clock = new ManualClock(Start.AddMinutes(50));
        var detector = new Detection.CostAnomalyDetector(options ?? new CostAnomalyOptions(), clock);
        var run = new MonthRun(detector);
        for (var index = 0; index < Hours; index++)
        {
            clock.Now = Start.AddHours(index).AddMinutes(50);
            foreach (var cost in costs.Hour(index))
            {
                Assert.True(detector.Record(cost));
            }
            clock.Now = Start.AddHours(index + 1).AddMinutes(1);
            var result = detector.Evaluate();
            run.Verdicts.AddRange(result.Verdicts);
            run.Alerts.AddRange(result.Alerts);
        }
        return run;
    }

    private static double Profile(DateTimeOffset at)
    {
        var weekend = at.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
        var day = at.Hour is >= 8 and < 20;
        return (weekend, day) switch
        {
            (false, true) => 1.0,
            (false, false) => 0.4,
            (true, true) => 0.6,
            (true, false) => 0.3,
        };
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}

public sealed class MonthRun(Detection.CostAnomalyDetector detector)
{
    public Detection.CostAnomalyDetector Detector { get; } = detector;

    public List<Detection.AnomalyVerdict> Verdicts { get; } = [];

    public List<Alerts.CostAnomalyAlert> Alerts { get; } = [];
}
