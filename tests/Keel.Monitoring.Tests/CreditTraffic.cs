using Keel.Drift.Profiles;
using Keel.Features.Definitions;
using Keel.Features.Offline;
using Keel.Monitoring;
using Keel.PredictionLog;

namespace Keel.Monitoring.Tests;

/// <summary>
/// A credit model's training population and live traffic: age (whole years, 20–70), income
/// (20,000–100,000) and region, and a score that rises with income and falls with age. The shifted
/// population is younger (20–35) and richer (60,000–100,000), in the same region mix.
/// </summary>
public static class CreditTraffic
{
    public const string Model = "credit";
    public const string Tenant = "default";
    public static readonly string[] Regions = ["north", "south", "east", "west"];
    public static readonly (string Name, FeatureType Type)[] Features =
        [("applicant__age", FeatureType.Int64), ("applicant__income", FeatureType.Double), ("applicant__region", FeatureType.String)];

    public static double Score(long age, double income) => 1 / (1 + Math.Exp(-((income - 60_000) / 20_000 - (age - 45) / 10.0)));

    public static DatasetProfile Reference(int rows = 2000, int seed = 1)
    {
        var random = new Random(seed);
        var ages = new object?[rows];
        var incomes = new object?[rows];
        var regions = new object?[rows];
        var scores = new double[rows / 5];
        for (var i = 0; i < rows; i++)
        {
            // The first rows hold the range's ends, so live values inside it are never out of range.
            var age = i == 0 ? 20L : i == 1 ? 70L : random.NextInt64(20, 71);
            var income = i == 0 ? 20_000 : i == 1 ? 100_000 : 20_000 + random.NextDouble() * 80_000;
            ages[i] = age;
            incomes[i] = income;
            regions[i] = Regions[random.Next(Regions.Length)];
            if (i < scores.Length)
            {
                scores[i] = Score(age, income);
            }
        }
        var frame = new FeatureFrame(
            Enumerable.Range(0, rows).Select(i => "a" + i).ToArray(),
            Enumerable.Range(0, rows).Select(i => DateTimeOffset.UnixEpoch.AddHours(i)).ToArray(),
            [new(Features[0].Name, FeatureType.Int64, ages), new(Features[1].Name, FeatureType.Double, incomes), new(Features[2].Name, FeatureType.String, regions)]);
        return ReferenceProfiles.Build(frame, Features, scores);
    }

    /// <summary>Live predictions of <paramref name="version"/>, one second apart from <paramref name="start"/>.</summary>
    public static List<PredictionRecord> Predictions(int count, int version, DateTimeOffset start, string idPrefix, int seed, bool shifted = false, bool shadow = false,
        Func<int, Dictionary<string, object?>, Dictionary<string, object?>>? alter = null)
    {
        var random = new Random(seed);
        var records = new List<PredictionRecord>(count);
        for (var i = 0; i < count; i++)
        {
            var age = shifted ? random.NextInt64(20, 36) : random.NextInt64(20, 71);
            var income = shifted ? 60_000 + random.NextDouble() * 40_000 : 20_000 + random.NextDouble() * 80_000;
            var features = new Dictionary<string, object?>
            {
                [Features[0].Name] = age,
                [Features[1].Name] = income,
                [Features[2].Name] = Regions[random.Next(Regions.Length)],
            };
            features = alter?.Invoke(i, features) ?? features;
            records.Add(new PredictionRecord($"{idPrefix}-{i}", Tenant, Model, version, shadow ? "challenger" : "default", "a" + i,
                features, new Dictionary<string, string>(), new PredictionOutput(Score(age, income), null), 1.5)
            {
                Shadow = shadow,
                Time = start.AddSeconds(i),
            });
        }
        return records;
    }
}
